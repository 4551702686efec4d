package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.model.provision.ProvisionRulesException;
import jp.jukinet.model.provision.ProvisionRulesLoader;
import jp.jukinet.national.NationalApplication;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/** The rules file is loaded at start; a malformed or missing one stops the service, naming the line. */
class ProvisionRulesStartupTest {

    @Test
    void theShippedRulesFileLoads() throws IOException {
        try (var in = NationalApplication.class.getResourceAsStream("/provision-rules-national.json")) {
            assertThat(ProvisionRulesLoader.load(in).rules()).hasSizeGreaterThan(10);
        }
    }

    @Test
    void aMalformedRulesFileStopsTheServiceWithTheLineNamed(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, """
                {
                  "version": "2027-04-01",
                  "rules": [
                    {"id": "nenkin-x", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                     "recipient": "agency-nenkin", "task": "年金の事務",
                     "fields": ["NAME", "MAIDEN_NAME"],
                     "validFrom": "2027-04-01", "validTo": null}
                  ]
                }
                """);
        assertThatThrownBy(() -> start("file:" + rules))
                .satisfies(e -> assertThat(causes(e)).contains("rules file line 6, column")
                        .contains("unknown identity field 'MAIDEN_NAME'").contains(rules.toString()))
                .hasRootCauseInstanceOf(ProvisionRulesException.class);
    }

    @Test
    void aMissingRulesFileStopsTheService(@TempDir Path dir) {
        assertThatThrownBy(() -> start("file:" + dir.resolve("missing.json")))
                .satisfies(e -> assertThat(causes(e)).contains("missing.json cannot be read"));
    }

    private static void start(String rules) {
        TestDatabase database = TestPostgres.createDatabase("national_rules");
        NationalApplication.application().run("--jukinet.security.plain-http-for-development=true", "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(), "--jukinet.provision.rules=" + rules,
                "--jukinet.national.numbering.key=fvYmseGNIEnVi5W2897PrRjP2Zl4LMHYsBeGMIPH7XQ=",
                "--jukinet.provision.heads.key-directory=classpath:provision-heads-test/",
                "--spring.main.banner-mode=off").close();
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
