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
 * No log line of any node carries a resident code, a My Number or a person's name: the whole
 * network runs a registration, its notices, a refused request, a retry after a prefecture outage, a
 * move between CSs while one is down, a failed cancellation, a wide-area copy, and refusals and
 * attacks that name a resident, and every line logged on the way is searched.
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

    /** What was captured so far; the appender adds under its own lock. */
    private static List<ILoggingEvent> captured() {
        synchronized (lines) {
            return List.copyOf(lines.list);
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
        // the failed delivery is logged while the prefecture is down; a start re-initialises logging,
        // and on a loaded machine the retry may already succeed by the time the capture is back
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> captured().stream().anyMatch(event -> event.getLoggerName().endsWith("NoticePublisher")));
        network.start("pref-13");
        listen();
        network.client("cs-131016").post().uri("/api/v1/municipalities/131016/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "DEATH", "effectiveDate", "2026-11-20", "residentCode", code.substring(0, 10) + "x"))
                .retrieve().toBodilessEntity();
        NoticeChainTest.awaitSameEverywhere(network, "cs-131016");
        myNumbers.add((String) renumbered.get("myNumber"));

        // the scenario did log: the failed deliveries during the outage, the refused request
        assertThat(captured()).anyMatch(event -> event.getLoggerName().endsWith("NoticePublisher"));
        assertNoPersonalData(myNumbers, List.of(code), "渡部", "小林", "ワタナベ", "コバヤシ");
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
        assertNoPersonalData(List.of((String) person.get("myNumber")), List.of(code), (String) name.get("family"),
                (String) name.get("given"), (String) name.get("familyKana"));
    }

    /**
     * Runs last: refusals and attacks, each of which names a resident in its path or body — a
     * request the gateway denies, a node reached around the gateway, a forged notice, a copy asked
     * for with a code alone, a numbering request for another municipality's resident — are logged
     * without the resident's code, number or name.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void noLogLineOfARefusalOrAnAttackCarriesAResidentCodeAMyNumberOrAName() {
        Clerks clerks = new Clerks(network);
        Map<String, Object> person = clerks.newResident("131130");
        String code = (String) person.get("residentCode");
        String myNumber = (String) person.get("myNumber");
        Map<String, Object> name = (Map<String, Object>) ((Map<String, Object>) person.get("person")).get("name");
        lines.list.clear();

        // the gateway denies another municipality's clerk, and a resident on a route that is not theirs
        network.client("gateway", "clerk-131016").get().uri("/api/v1/municipalities/131130/residents/" + code)
                .retrieve().toBodilessEntity();
        network.client("gateway", "resident-" + code).get().uri("/api/v1/municipalities/131130/residents/" + code)
                .retrieve().toBodilessEntity();
        // a node reached around the gateway
        network.client("cs-131130", "clerk-131130").get().uri("/api/v1/municipalities/131130/residents/" + code)
                .retrieve().toBodilessEntity();
        // 千代田区's CS forges a 転入 of the person, and asks for their My Number
        Map<String, Object> forged = new java.util.HashMap<>(Map.of("type", "MOVE_IN", "effectiveDate", Clerks.today(),
                "residentCode", code));
        network.client("gateway", "cs-131016").post().uri("/internal/v1/numbering/my-numbers")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("requestId", java.util.UUID.randomUUID().toString(), "municipality", "131130",
                        "residentCodes", List.of(code), "reissue", true))
                .retrieve().toBodilessEntity();
        clerks.notify("131016", null, forged);
        // a copy asked for with the code alone, from another municipality
        network.client("cs-131016").post().uri("/api/v1/municipalities/131016/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", "131130", "residentCode", code, "requester", Map.of("residentCode", code,
                        "family", "偽", "given", "名", "dateOfBirth", "1970-01-01", "identityDocument", "PASSPORT")))
                .retrieve().toBodilessEntity();

        assertThat(List.copyOf(lines.list)).anyMatch(event -> event.getLoggerName().endsWith("FirewallFilter"));
        assertNoPersonalData(List.of(myNumber), List.of(code), (String) name.get("family"), (String) name.get("given"),
                (String) name.get("familyKana"));
    }

    private static void assertNoPersonalData(List<String> myNumbers, List<String> residentCodes, String... names) {
        for (ILoggingEvent event : List.copyOf(lines.list)) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String myNumber : myNumbers) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(myNumber);
            }
            for (String residentCode : residentCodes) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(residentCode);
            }
            assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(names);
        }
    }
}
