package jp.jukinet.network;

import static jp.jukinet.network.TransportSecurityTest.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.ResidentCode;

/**
 * The gateway as the firewall between zones (OWASP API Security Top 10 2023): deny by default,
 * identity from the certificate only, rate limits, bodies bounded before they are read, the actuator
 * beyond health for operators only.
 */
class GatewayFirewallTest {

    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork()
                .gatewayProperty("jukinet.gateway.limits.per-caller.agency-ratelimited.requests-per-second", 3)
                .national().prefecture("13").cs("131016").cs("131130").startAll();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void anAgencyCannotPostANotificationNorReadTheClerksRoutes() {
        assertForbidden(network.client("gateway", "agency-nenkin").post().uri("/api/v1/municipalities/131016/notifications")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("type", "DEATH")).retrieve().toEntity(Map.class));
        assertForbidden(network.client("gateway", "agency-nenkin").get()
                .uri("/api/v1/municipalities/131016/residents/" + ResidentCode.fromSerial(1_000_000_001L).value())
                .retrieve().toEntity(Map.class));
    }

    @Test
    void aClerkCannotActForAnotherMunicipalityEvenWithAnIdentityHeader() {
        ResponseEntity<Map> response = network.client("gateway", "clerk-131016").post()
                .uri("/api/v1/municipalities/131130/notifications")
                .header("X-JukiNet-Caller", "clerk-131130")
                .contentType(MediaType.APPLICATION_JSON).body(NoticeChainTest.birth("山田", "花子", "ヤマダ", "ハナコ"))
                .retrieve().toEntity(Map.class);
        assertForbidden(response);
        assertThat(network.database("cs-131130").sql("SELECT count(*) FROM residents").query(Long.class).single()).isZero();
    }

    @Test
    void anIdentityHeaderFromOutsideIsReplacedByTheCertificatesIdentity() {
        // clerk-131016 claims to be cs-131016 sending notices: the gateway knows it is a clerk, and no route lets a clerk
        assertForbidden(network.client("gateway", "clerk-131016").post().uri("/internal/v1/notices")
                .header("X-JukiNet-Caller", "cs-131016").contentType(MediaType.APPLICATION_JSON)
                .body("{}").retrieve().toEntity(Map.class));
    }

    @Test
    void aDenialIsCountedWithoutPersonalData() {
        MeterRegistry meters = network.bean("gateway", MeterRegistry.class);
        double before = meters.find("jukinet.gateway.denied").counters().stream().mapToDouble(c -> c.count()).sum();
        assertForbidden(network.client("gateway", "resident-12345678901").get()
                .uri("/api/v1/municipalities/131016/residents/12345678901").retrieve().toEntity(Map.class));
        assertThat(meters.find("jukinet.gateway.denied").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(before + 1);
    }

    @Test
    void anAgencyOverItsQuotaGets429WithRetryAfter() {
        // 3 a second for this agency: one client in a loop exceeds it long before the hundredth request
        org.springframework.web.client.RestClient agency = network.client("gateway", "agency-ratelimited");
        ResponseEntity<String> limited = null;
        for (int i = 0; i < 100 && limited == null; i++) {
            ResponseEntity<String> answer = agency.get().uri("/api/v1/national/provision-rules").retrieve().toEntity(String.class);
            if (answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS) {
                limited = answer;
            } else {
                assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
            }
        }
        assertThat(limited).isNotNull();
        assertThat(limited.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(limited.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(network.bean("gateway", MeterRegistry.class).find("jukinet.gateway.rate-limited")
                .tag("route", "agency-provision-rules").tag("class", "agency").counter().count()).isPositive();
    }

    @Test
    void theGatewaysMetricsAnswerOperatorsOnlyAndHealthAnyCertifiedCaller() {
        ResponseEntity<Map> refused = network.client("gateway", "agency-nenkin").get().uri("/actuator/metrics")
                .retrieve().toEntity(Map.class);
        assertForbidden(refused);
        assertForbidden(network.client("gateway", "agency-nenkin").get().uri("/actuator/info").retrieve().toEntity(Map.class));
        assertForbidden(network.client("gateway", "cs-131016").get().uri("/actuator/metrics").retrieve().toEntity(Map.class));

        ResponseEntity<Map> metrics = network.client("gateway", "operator-local").get().uri("/actuator/metrics")
                .retrieve().toEntity(Map.class);
        assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<String>) metrics.getBody().get("names")).contains("jukinet.gateway.denied");
        assertThat(network.client("gateway", "operator-local").get().uri("/actuator/info").retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(network.client("gateway", "agency-nenkin").get().uri("/actuator/health").retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() {
        String huge = "{\"basis\":\"x\",\"padding\":\"" + "x".repeat(64 * 1024) + "\"}";
        ResponseEntity<Map> response = network.client("gateway", "agency-nenkin").post().uri("/api/v1/national/lookups")
                .contentType(MediaType.APPLICATION_JSON).body(huge).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }

    @Test
    void clerksRegisterThroughTheGatewayAndNoticesCrossEveryZoneThroughIt() {
        Map<String, Object> born = NoticeChainTest.post(network, "cs-131016", "131016", null,
                NoticeChainTest.birth("井上", "陽菜", "イノウエ", "ヒナ"));
        assertThat(born).containsKey("residentCode");
        NoticeChainTest.awaitSameEverywhere(network, "cs-131016");
        MeterRegistry meters = network.bean("gateway", MeterRegistry.class);
        for (String route : List.of("clerk-notifications", "numbering-to-prefecture", "numbering-to-national",
                "notices-to-prefecture", "notices-to-national")) {
            assertThat(meters.find("jukinet.gateway.forwarded").tag("route", route).counter()).as(route).isNotNull();
            assertThat(meters.find("jukinet.gateway.forwarded").tag("route", route).counter().count()).as(route).isPositive();
        }
    }
}
