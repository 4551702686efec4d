package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.Sex;

/**
 * No log line carries a My Number or a full identity record: everything the service logs while it
 * answers lookups (provided, refused, malformed, batch, records), with this project's loggers,
 * Spring's web layer and JDBC at DEBUG, is captured and searched for the My Numbers and names
 * involved.
 */
class ProvisionLogTest extends MtlsProvisionTest {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<Logger> raised = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();

    private IdentityInformation hanako;

    @BeforeEach
    void capture() {
        hanako = person(5_000_000_001L, "鳩山", "花子", "ハトヤマ", "ハナコ", LocalDate.of(1990, 4, 1), Sex.FEMALE,
                "東京都千代田区紀尾井町1番3号");
        register(hanako);
        captured.start();
        root.addAppender(captured);
        for (String name : List.of("jp.jukinet", "org.springframework.web", "org.springframework.jdbc")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            raised.add(logger);
            levels.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        for (int i = 0; i < raised.size(); i++) {
            raised.get(i).setLevel(levels.get(i));
        }
    }

    @Test
    void noLogLineCarriesAMyNumberOrTheRecord() {
        String number = hanako.myNumber().value();
        String code = hanako.residentCode().value();
        String wrongCheckDigit = number.substring(0, 11) + ((number.charAt(11) - '0' + 1) % 10);
        lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + number + "\"}");
        lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-same-address\",\"myNumber\":\"" + number + "\"}");
        lookup("agency-nta", "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + number + "\"}");
        lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + wrongCheckDigit + "\"}");
        lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + number + "\","
                + "\"residentCode\":\"" + code + "\"}");
        lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":{\"name\":\"鳩山 花子\","
                + "\"dateOfBirth\":\"1990-04-01\",\"sex\":\"FEMALE\"}}");
        try (NdjsonDuplexClient client = new NdjsonDuplexClient(port, "/api/v1/national/lookups/batch", "agency-nenkin")) {
            client.send("{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + number + "\"}\n"
                    + "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + wrongCheckDigit + "\"}\n"
                    + "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":" + number + "}\n"
                    + "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + number + "\n");
            client.finish();
            while (client.readLine() != null) {
                // read the whole answer
            }
        }
        through("resident-" + code).get().uri("/api/v1/national/provision-records").retrieve().toEntity(String.class);

        // the service logs on its own threads (Tomcat's, the recorder's); the test's client logs on this one
        String client = Thread.currentThread().getName();
        List<ILoggingEvent> service = captured.list.stream().filter(event -> !event.getThreadName().equals(client)).toList();
        assertThat(service).as("the service's debug logging was captured, the requests it read among it")
                .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("LookupRequest[basis="));
        for (ILoggingEvent event : service) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(line).as(event.getLoggerName()).doesNotContain(number).doesNotContain(wrongCheckDigit)
                    .doesNotContain(number.substring(0, 11)).doesNotContain("鳩山").doesNotContain("紀尾井町");
        }
    }

    private void lookup(String caller, String body) {
        through(caller).post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().toEntity(String.class);
    }
}
