package jp.jukinet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract every parser of outside input is fuzzed against: it returns a value, or it refuses
 * the input with the documented refusal — an {@link InvalidValueException} naming a field, or a
 * Jackson {@link JacksonException} (which the services answer with 400), see
 * {@link #assertRefusal}. Anything else (a {@code NullPointerException}, an index out of bounds, a
 * class cast, a stack overflow, a Jackson exception wrapping one of those or wrapping a constructor's
 * failure that is not a refusal) is a bug and is rethrown so that Jazzer reports it with its input. No refusal may echo a resident code or a My Number the input held:
 * every run of 11 or more ASCII digits of the input is looked for in the refusal's text.
 *
 * <p>A value that is returned must survive the project's own JSON mapping unchanged: written and
 * read back it is equal, and written again it is the same text.
 */
public final class FuzzContract {

    /** The mapper the services parse with. */
    public static final JsonMapper JSON = JukiNetJson.mapper();

    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{11,}");

    private FuzzContract() {
    }

    /** The input as text, as a service reading UTF-8 would see it (malformed bytes become U+FFFD). */
    public static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /** Parses {@code input} as JSON of {@code type} with the project's mapper, holding it to the contract. */
    public static <T> Optional<T> parse(byte[] input, Class<T> type) {
        return parse(input, JSON.constructType(type));
    }

    /** As {@link #parse(byte[], Class)} for a generic type ({@code PeerBatch<MoveMessage>}). */
    public static <T> Optional<T> parse(byte[] input, TypeReference<T> type) {
        return parse(input, JSON.constructType(type));
    }

    private static <T> Optional<T> parse(byte[] input, JavaType type) {
        Optional<T> value = refusedOrValue(input, () -> JSON.readValue(input, type));
        value.ifPresent(parsed -> assertRoundTrip(parsed, type));
        return value;
    }

    /**
     * Runs {@code parser} on {@code input}: its value, or empty when it refused the input as the
     * contract allows. A refusal that breaks the contract is rethrown.
     */
    public static <T> Optional<T> refusedOrValue(byte[] input, Supplier<T> parser) {
        try {
            return Optional.of(parser.get());
        } catch (InvalidValueException | JacksonException e) {
            assertRefusal(e, text(input));
            return Optional.empty();
        }
    }

    /**
     * Checks that {@code refusal} is a documented one: an {@link InvalidValueException} naming a
     * field, or a Jackson exception. Where a record's constructor refused the value, Jackson wraps
     * what it threw in a {@link ValueInstantiationException}: that must be an
     * {@code InvalidValueException}, since anything else a constructor throws is a bug of the model.
     * Jackson's own refusals may carry the JDK's parse failure as their cause (an
     * {@code IllegalArgumentException} of a malformed UUID, a {@code DateTimeException}, the
     * encoding's {@code IOException}), but never a {@code NullPointerException}, an index or cast
     * failure, or an {@code Error}. The refusals the services show (the model's) must not echo the
     * input's digit runs.
     */
    public static void assertRefusal(Throwable refusal, String input) {
        if (!(refusal instanceof JacksonException || refusal instanceof InvalidValueException)) {
            throw new AssertionError("undocumented refusal: " + refusal, refusal);
        }
        for (Throwable t = refusal; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ValueInstantiationException && !(t.getCause() instanceof InvalidValueException)) {
                throw new AssertionError("a constructor failed with something other than a refusal: " + t.getCause(),
                        refusal);
            }
            if (t instanceof NullPointerException || t instanceof IndexOutOfBoundsException
                    || t instanceof ClassCastException || t instanceof ArithmeticException || t instanceof Error) {
                throw new AssertionError("a bug inside a refusal: " + t, refusal);
            }
            if (t instanceof InvalidValueException invalid) {
                assertThat(invalid.field()).as("the refused field").isNotBlank();
                assertNoEcho(invalid.getMessage(), input);
            }
        }
    }

    /** Fails when {@code message} holds 11 consecutive digits of a digit run of {@code input}. */
    public static void assertNoEcho(String message, String input) {
        if (message == null) {
            return;
        }
        for (String run : digitRuns(input)) {
            for (int i = 0; i + 11 <= run.length(); i++) {
                String window = run.substring(i, i + 11);
                if (message.contains(window)) {
                    throw new AssertionError("a refusal echoes digits of the input (" + window.length()
                            + " digits at offset " + i + " of a run): " + message.replace(window, "<echoed>"));
                }
            }
        }
    }

    private static List<String> digitRuns(String input) {
        List<String> runs = new ArrayList<>();
        Matcher matcher = DIGIT_RUN.matcher(input);
        while (matcher.find()) {
            runs.add(matcher.group());
        }
        return runs;
    }

    /** {@code value} written and read back is equal, and written again is the same JSON. */
    public static void assertRoundTrip(Object value, JavaType type) {
        // written as the type it is read as: a generic type's parameter is erased at run time
        String written = JSON.writerFor(type).writeValueAsString(value);
        Object reread;
        try {
            reread = JSON.readValue(written, type);
        } catch (InvalidValueException | JacksonException e) {
            throw new AssertionError("a parsed value is refused when its own JSON is read back: " + e, e);
        }
        assertThat(reread).as("the value read back from its JSON").isEqualTo(value);
        assertThat(JSON.writerFor(type).writeValueAsString(reread)).as("the JSON written again").isEqualTo(written);
    }

    /** As {@link #assertRoundTrip(Object, JavaType)} for a plain class. */
    public static void assertRoundTrip(Object value, Class<?> type) {
        assertRoundTrip(value, JSON.constructType(type));
    }
}
