package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

/**
 * No log line of any node carries a My Number or a person's name: the whole network runs a
 * registration, its notices, a refused request, a retry after a prefecture outage, a move between
 * CSs while one is down, a failed cancellation and a wide-area copy, and every line logged on the
 * way is searched.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PersonalDataInLogsTest {

    private static LocalNetwork network;
    private static final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().prefecture("13").cs("131016").cs("131130").startAll();
        listen();
    }

    /** Every start and stop of a node re-initialises logging, so the capture is attached again after one. */
    private static void listen() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!lines.isStarted()) {
            lines.start(); // a reset of the logging system stops the appenders it detaches
        }
        if (!root.isAttached(lines)) {
            root.addAppender(lines);
        }
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(lines);
        network.close();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void noLogLineCarriesAMyNumberOrAName() {
        List<String> myNumbers = new ArrayList<>();
        Map<String, Object> born = NoticeChainTest.post(network, "cs-131016", "131016", null,
                NoticeChainTest.birth("渡部", "結衣", "ワタナベ", "ユイ"));
        myNumbers.add((String) born.get("myNumber"));
        String code = (String) born.get("residentCode");

        network.stop("pref-13"); // the CS's deliveries fail and are logged while it is down
        listen();
        Map<String, Object> renumbered = NoticeChainTest.post(network, "cs-131016", "131016", null,
                Map.of("type", "NAME_CHANGE", "effectiveDate", "2026-11-21", "residentCode", code,
                        "person", Map.of("name", Map.of("family", "小林", "given", "結衣", "familyKana", "コバヤシ",
                                "givenKana", "ユイ"))));
        network.start("pref-13");
        listen();
        network.client("cs-131016").post().uri("/api/v1/municipalities/131016/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "DEATH", "effectiveDate", "2026-11-20", "residentCode", code.substring(0, 10) + "x"))
                .retrieve().toBodilessEntity();
        NoticeChainTest.awaitSameEverywhere(network, "cs-131016");
        myNumbers.add((String) renumbered.get("myNumber"));

        // the scenario did log: the failed deliveries during the outage, the refused request
        assertThat(List.copyOf(lines.list)).anyMatch(event -> event.getLoggerName().endsWith("NoticePublisher"));
        assertNoPersonalData(myNumbers, "渡部", "小林", "ワタナベ", "コバヤシ");
    }

    /** Runs second: the chain check of the first compares 131016's residents, and a move takes one away. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void noLogLineOfAMoveOrAWideAreaCopyCarriesAMyNumberOrAName() {
        Clerks clerks = new Clerks(network);
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");
        Map<String, Object> name = (Map<String, Object>) ((Map<String, Object>) person.get("person")).get("name");

        network.stop("cs-131130"); // the 転出証明書情報 waits, and its failed deliveries are logged
        listen();
        Map<String, Object> out = Clerks.created(clerks.moveOut("131016", code, "131130", Clerks.today()));
        String moveId = (String) ((Map<String, Object>) out.get("move")).get("moveId");
        // a cancellation and a wide-area copy fail while the other CS is down, and are logged
        network.client("cs-131016").post().uri("/api/v1/municipalities/131016/moves/" + moveId + "/cancellation")
                .retrieve().toBodilessEntity();
        network.start("cs-131130");
        listen();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "AVAILABLE".equals(clerks.incomingState("131130", moveId)));
        Clerks.created(clerks.moveIn("131130", code, Clerks.today(), Map.of()));
        network.client("cs-131016").post().uri("/api/v1/municipalities/131016/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", "131130", "residentCode", code, "requester", clerks.requester(code),
                        "include", List.of("MY_NUMBER")))
                .retrieve().toBodilessEntity();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "COMPLETED".equals(clerks.outgoingState("131016", moveId)));

        assertThat(List.copyOf(lines.list)).anyMatch(event -> event.getLoggerName().endsWith("PeerPublisher"));
        assertNoPersonalData(List.of((String) person.get("myNumber")), (String) name.get("family"),
                (String) name.get("given"), (String) name.get("familyKana"));
    }

    private static void assertNoPersonalData(List<String> myNumbers, String... names) {
        for (ILoggingEvent event : List.copyOf(lines.list)) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String myNumber : myNumbers) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(myNumber);
            }
            assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(names);
        }
    }
}
