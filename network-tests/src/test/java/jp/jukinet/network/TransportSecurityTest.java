package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.testsupport.TestPki;

/**
 * Every node speaks only mutual TLS with certificates of the network's CA; the backends take
 * connections only from the gateway, and the identity a request is for is the one the gateway
 * verified from the caller's certificate.
 */
class TransportSecurityTest {

    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().prefecture("13").cs("131016").startAll();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void backendsRefuseEveryPeerButTheGateway() {
        assertForbidden(postBatch("pref-13", "cs-131016", batchFrom("cs-131016", "131016")));
        assertForbidden(postBatch("national", "pref-13", batchFrom("pref-13", "131016")));
        assertForbidden(network.client("cs-131016", "clerk-131016").get()
                .uri("/api/v1/municipalities/131016/residents/" + ResidentCode.fromSerial(1_000_000_001L).value())
                .retrieve().toEntity(Map.class));
    }

    @Test
    void throughTheGatewayACsMaySendOnlyItsOwnNoticesToItsOwnPrefecture() {
        assertForbidden(postBatch("gateway", "cs-131016", batchFrom("cs-131130", "131130")));
        assertThat(postBatch("gateway", "cs-131130", batchFrom("cs-131130", "131130")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        // a CS of another prefecture is routed to its own prefecture, never to this one
        assertThat(postBatch("gateway", "cs-271004", batchFrom("cs-271004", "271004")).getStatusCode().is2xxSuccessful())
                .isFalse();
        assertThat(network.database("pref-13").sql("SELECT count(*) FROM inbound_progress WHERE source = 'cs-271004'")
                .query(Long.class).single()).isZero();
        assertForbidden(postBatch("gateway", "agency-nenkin", batchFrom("cs-131016", "131016")));
    }

    @Test
    void anyCertifiedCallerMayReadHealth() {
        assertThat(network.client("national", "agency-nenkin").get().uri("/actuator/health").retrieve()
                .toEntity(Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aCertificateOfAnotherCaOrNoCertificateFailsTheHandshake(@TempDir Path otherCa) {
        DevCertificateAuthority foreign = DevCertificateAuthority.openOrCreate(otherCa);
        for (String node : List.of("gateway", "pref-13")) {
            RestClient impostor = TestPki.client(network.baseUrl(node),
                    TestPki.bundle(foreign.issue(new Identity("cs-131016")), TestPki.ca().caCertificatePath()));
            assertThatThrownBy(() -> impostor.get().uri("/actuator/health").retrieve().toBodilessEntity())
                    .isInstanceOf(ResourceAccessException.class);
            RestClient anonymous = TestPki.client(network.baseUrl(node), TestPki.bundle(null, TestPki.ca().caCertificatePath()));
            assertThatThrownBy(() -> anonymous.get().uri("/actuator/health").retrieve().toBodilessEntity())
                    .isInstanceOf(ResourceAccessException.class);
        }
    }

    @Test
    void thereIsNoPlainHttpListener() {
        for (String node : List.of("gateway", "national")) {
            RestClient plain = RestClient.builder().baseUrl(network.baseUrl(node).replace("https:", "http:"))
                    .defaultStatusHandler(status -> true, (request, response) -> { }).build();
            ResponseEntity<String> response = plain.get().uri("/actuator/health").retrieve().toEntity(String.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getBody()).doesNotContain("UP");
        }
    }

    private static ResponseEntity<Map> postBatch(String node, String as, ChangeNoticeBatch batch) {
        return network.client(node, as).post().uri("/internal/v1/notices").contentType(MediaType.APPLICATION_JSON)
                .body(batch).retrieve().toEntity(Map.class);
    }

    static void assertForbidden(ResponseEntity<?> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }

    private static ChangeNoticeBatch batchFrom(String source, String lg) {
        LocalDate day = LocalDate.of(2026, 11, 20);
        IdentityInformation identity = new IdentityInformation(ResidentCode.random(new java.util.Random()),
                MyNumber.random(new java.util.Random()), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), day, Sex.FEMALE,
                new Address("東京都"), LocalGovernmentCode.of(lg), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, day, day));
        NodeId node = NodeId.of(source);
        return new ChangeNoticeBatch(node, List.of(ChangeNotice.of(UUID.randomUUID(), node, 1, Instant.now(), identity)));
    }
}
