package jp.jukinet.cs.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.ProblemDetail;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.service.web.NdjsonLines;
import jp.jukinet.service.web.ProblemAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The clerk's notification as the CS reads it: the JSON body of {@code POST …/notifications} (and
 * the person data inside it), and every line of the NDJSON batch as {@link RegisterNotificationBatch}
 * reads it. A body is a request that survives JSON and back, or a refusal the services answer with
 * 400 (the same problem {@link ProblemAdvice} would write) that does not echo a resident code or a
 * My Number; a batch line is a request or already such an answer — never a 500.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/cs/registration/NotificationFuzzTestInputs/<method>/}.
 */
class NotificationFuzzTest {

    private static final JsonMapper JSON = JukiNetJson.mapper();
    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{11,}");

    @FuzzTest(maxDuration = "60s")
    void notificationRequest(byte[] input) {
        read(input, NotificationRequest.class);
    }

    @FuzzTest(maxDuration = "60s")
    void personData(byte[] input) {
        read(input, PersonData.class);
    }

    @FuzzTest(maxDuration = "60s")
    void batchLines(byte[] input) throws IOException {
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(input), RegisterNotificationBatch.MAX_LINE);
        for (NdjsonLines.Line line = lines.next(); line != null; line = lines.next()) {
            String text = new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8);
            RegisterNotificationBatch.Entry entry = RegisterNotificationBatch.parse(JSON, line);
            assertThat(entry.line).isEqualTo(line.number());
            if (entry.answer == null) {
                assertThat(entry.request).as("a line without an answer has its request").isNotNull();
                roundTrips(entry.request, NotificationRequest.class);
            } else {
                assertThat(entry.request).isNull();
                assertThat(entry.answer.status()).as("a refused line is the client's fault, not the CS's").isEqualTo(400);
                isShownSafely(entry.answer.problem(), text);
            }
        }
    }

    private static <T> void read(byte[] input, Class<T> type) {
        T value;
        try {
            value = JSON.readValue(input, type);
        } catch (JacksonException | InvalidValueException e) {
            ProblemDetail problem = ProblemAdvice.problemFor(e).orElseThrow();
            assertThat(problem.getStatus()).isEqualTo(400);
            isShownSafely(problem, new String(input, StandardCharsets.UTF_8));
            return;
        }
        roundTrips(value, type);
    }

    private static <T> void roundTrips(T value, Class<T> type) {
        String written = JSON.writeValueAsString(value);
        assertThat(JSON.readValue(written, type)).isEqualTo(value);
    }

    /** The problem's detail and field hold no 11 consecutive digits of a digit run of the input. */
    private static void isShownSafely(ProblemDetail problem, String input) {
        assertThat(problem.getDetail()).isNotBlank();
        Object field = problem.getProperties() == null ? null : problem.getProperties().get("field");
        String shown = problem.getDetail() + " " + field;
        Matcher run = DIGIT_RUN.matcher(input);
        while (run.find()) {
            for (int i = run.start(); i + 11 <= run.end(); i++) {
                assertThat(shown).as("the problem echoes digits of the input").doesNotContain(input.substring(i, i + 11));
            }
        }
    }
}
