package jp.jukinet.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.service.web.NdjsonLines;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupProblem;
import jp.jukinet.model.provision.LookupRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * A batch of lookups as an agency streams it: {@link NdjsonLines} cuts any bytes into the lines an
 * independent reading of the format gives (numbers, CR, blank and overlong lines), however the
 * stream hands them out; and each line is read as {@link BatchLookups} reads it — a lookup, or a
 * 400 {@link LookupProblem} that names what is wrong without echoing a resident code or My Number.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/service/provision/NdjsonFuzzTestInputs/<method>/}.
 */
class NdjsonFuzzTest {

    /** As {@code BatchLookups} configures its reader. */
    private static final ObjectReader LOOKUP = JukiNetJson.mapper().readerFor(LookupRequest.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{11,}");

    private record Expected(long number, byte[] bytes, boolean tooLong) {
    }

    /**
     * The first byte sets the line limit (1–64 bytes), the second how many bytes each read of the
     * stream hands out (1–16); the rest is the stream.
     */
    @FuzzTest(maxDuration = "60s")
    void lines(byte[] input) throws IOException {
        if (input.length < 2) {
            return;
        }
        int maxLength = 1 + (input[0] & 0x3f);
        int trickle = 1 + (input[1] & 0x0f);
        byte[] body = Arrays.copyOfRange(input, 2, input.length);
        NdjsonLines lines = new NdjsonLines(trickle(body, trickle), maxLength);
        List<Expected> expected = expected(body, maxLength);
        for (Expected want : expected) {
            NdjsonLines.Line line = lines.next();
            assertThat(line).as("line %d", want.number()).isNotNull();
            assertThat(line.number()).isEqualTo(want.number());
            assertThat(line.tooLong()).isEqualTo(want.tooLong());
            assertThat(Arrays.copyOf(line.bytes(), line.length())).isEqualTo(want.bytes());
        }
        assertThat(lines.next()).as("no line after the last").isNull();
        assertThat(lines.next()).as("and none after the end either").isNull();
    }

    /** Every line of the input, read as one lookup of a batch. */
    @FuzzTest(maxDuration = "60s")
    void lookupLines(byte[] input) throws IOException {
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(input), 4096);
        for (NdjsonLines.Line line = lines.next(); line != null; line = lines.next()) {
            String text = new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8);
            try {
                LookupRequest request = LOOKUP.readValue(line.bytes(), 0, line.length());
                assertThat(request.basis()).matches("[a-z0-9-]{1,100}");
            } catch (JacksonException e) {
                holdsTheContract(BatchLookups.describe(e), text);
            } catch (InvalidValueException e) {
                holdsTheContract(LookupProblem.invalidField(e.field(), e.reason()), text);
            }
        }
    }

    private static void holdsTheContract(LookupProblem problem, String line) {
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isNotBlank();
        for (String shown : new String[] {problem.detail(), problem.field()}) {
            if (shown == null) {
                continue;
            }
            Matcher run = DIGIT_RUN.matcher(line);
            while (run.find()) {
                for (int i = run.start(); i + 11 <= run.end(); i++) {
                    assertThat(shown).as("the problem echoes digits of the line").doesNotContain(line.substring(i, i + 11));
                }
            }
        }
    }

    /** The format read independently: LF ends a line, one CR before it is dropped, blank lines are skipped. */
    private static List<Expected> expected(byte[] body, int maxLength) {
        List<Expected> expected = new ArrayList<>();
        long number = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            number++;
            byte[] line = Arrays.copyOfRange(body, start, end);
            if (line.length > maxLength) {
                expected.add(new Expected(number, Arrays.copyOf(line, maxLength), true));
            } else {
                if (line.length > 0 && line[line.length - 1] == '\r') {
                    line = Arrays.copyOf(line, line.length - 1);
                }
                if (!blank(line)) {
                    expected.add(new Expected(number, line, false));
                }
            }
            start = end + 1;
        }
        return expected;
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static InputStream trickle(byte[] body, int most) {
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, most));
            }
        };
    }
}
