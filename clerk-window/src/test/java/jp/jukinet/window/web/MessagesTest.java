package jp.jukinet.window.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.identity.ChangeReason;

/** Every label a page asks for exists, in Japanese and in English. */
class MessagesTest {

    private static Properties bundle(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(MessagesTest.class.getResourceAsStream("/window/" + name),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void japaneseAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(bundle("messages_en.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(bundle("messages.properties").stringPropertyNames());
    }

    @Test
    void everyFormFieldTodokeAndReasonHasItsLabels() throws IOException {
        Properties japanese = bundle("messages.properties");
        for (java.lang.reflect.RecordComponent field : NotificationForm.class.getRecordComponents()) {
            assertThat(japanese).containsKey("field." + field.getName());
        }
        for (Todoke todoke : Todoke.values()) {
            assertThat(japanese).containsKeys(todoke.label(), todoke.label() + ".about");
        }
        for (ChangeReason reason : ChangeReason.values()) {
            assertThat(japanese).containsKey("reason." + reason.name());
        }
    }

    @Test
    void everyLiteralKeyTheTemplatesNameExists() throws IOException {
        Properties japanese = bundle("messages.properties");
        Pattern literal = Pattern.compile("#\\{([a-zA-Z][a-zA-Z0-9.-]*)[}(]");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates/window"))) {
            for (Path template : templates.filter(path -> path.toString().endsWith(".html")).toList()) {
                Matcher keys = literal.matcher(Files.readString(template));
                while (keys.find()) {
                    if (!japanese.containsKey(keys.group(1))) {
                        missing.add(template.getFileName() + ": " + keys.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
