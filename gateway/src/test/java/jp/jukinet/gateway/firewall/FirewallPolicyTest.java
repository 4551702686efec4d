package jp.jukinet.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** The shipped policy ({@code gateway-policy.yaml}) decides as the zones require; what it does not allow is denied. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FirewallPolicyTest {

    @Autowired
    Firewall firewall;

    @Value("${local.server.port}")
    int port;

    @Test
    void clerksReachOnlyTheirOwnMunicipalitysCs() {
        assertThat(target("clerk-131016", "POST", "/api/v1/municipalities/131016/notifications")).contains("cs-131016");
        assertThat(target("clerk-131016", "GET", "/api/v1/municipalities/131016/residents/12345678906")).contains("cs-131016");
        assertThat(target("clerk-131016", "POST", "/api/v1/municipalities/131130/notifications")).isEmpty();
        assertThat(target("clerk-131016", "DELETE", "/api/v1/municipalities/131016/notifications")).isEmpty();
        assertThat(target("agency-nenkin", "POST", "/api/v1/municipalities/131016/notifications")).isEmpty();
        // the search by name (#16): the clerk's own municipality only
        assertThat(target("clerk-131016", "GET", "/api/v1/municipalities/131016/residents")).contains("cs-131016");
        assertThat(target("clerk-131016", "GET", "/api/v1/municipalities/271004/residents")).isEmpty();
        assertThat(target("resident-12345678906", "GET", "/api/v1/municipalities/131016/residents")).isEmpty();
    }

    @Test
    void noticesAndNumberingClimbOneTierAtATime() {
        assertThat(target("cs-131016", "POST", "/internal/v1/notices")).contains("pref-13");
        assertThat(target("cs-271004", "POST", "/internal/v1/notices")).contains("pref-27");
        assertThat(target("pref-13", "POST", "/internal/v1/notices")).contains("national");
        assertThat(target("cs-131016", "POST", "/internal/v1/numbering/my-numbers")).contains("pref-13");
        assertThat(target("pref-27", "POST", "/internal/v1/numbering/resident-code-blocks")).contains("national");
        assertThat(target("clerk-131016", "POST", "/internal/v1/notices")).isEmpty();
        assertThat(target("agency-nenkin", "POST", "/internal/v1/notices")).isEmpty();
        assertThat(target("cs-999999", "POST", "/internal/v1/notices")).isEmpty(); // no such prefecture node
    }

    @Test
    void agenciesAndResidentsReachOnlyTheirRoutes() {
        assertThat(target("agency-nenkin", "POST", "/api/v1/national/lookups")).contains("national");
        assertThat(target("agency-nenkin", "POST", "/api/v1/national/lookups/batch")).contains("national");
        assertThat(target("agency-nenkin", "POST", "/api/v1/prefectures/13/lookups")).contains("pref-13");
        assertThat(target("resident-12345678906", "GET", "/api/v1/national/provision-records")).contains("national");
        assertThat(target("resident-12345678906", "POST", "/api/v1/national/lookups")).isEmpty();
        assertThat(target("agency-nenkin", "GET", "/api/v1/national/provision-records")).isEmpty();
        assertThat(target("clerk-131016", "POST", "/api/v1/national/lookups")).isEmpty();
        // a resident's own identity (#16, the portal under the resident's certificate); nobody else's route
        assertThat(target("resident-12345678906", "GET", "/api/v1/national/own-identity")).contains("national");
        assertThat(target("agency-nenkin", "GET", "/api/v1/national/own-identity")).isEmpty();
        assertThat(target("clerk-131016", "GET", "/api/v1/national/own-identity")).isEmpty();
        assertThat(target("resident-12345678906", "POST", "/api/v1/national/own-identity")).isEmpty();
    }

    @Test
    void otherMunicipalitiesBodiesReachAMunicipalitysProvisionButItsOwnBodiesAndOthersDoNot() {
        assertThat(target("agency-lg131130-juki", "POST", "/api/v1/municipalities/131016/lookups")).contains("cs-131016");
        assertThat(target("agency-lg271004-kokuho", "GET", "/api/v1/municipalities/131016/provision-rules"))
                .contains("cs-131016");
        // Art. 30-14 is provision to *other* municipalities: 千代田区's own bodies do not ask their CS under it
        assertThat(target("agency-lg131016-kokuho", "POST", "/api/v1/municipalities/131016/lookups")).isEmpty();
        assertThat(target("agency-nenkin", "POST", "/api/v1/municipalities/131016/lookups")).isEmpty();
        assertThat(target("clerk-131130", "POST", "/api/v1/municipalities/131016/lookups")).isEmpty();
        assertThat(target("cs-131130", "POST", "/api/v1/municipalities/131016/lookups")).isEmpty();
        assertThat(target("agency-lg131130-juki", "POST", "/api/v1/municipalities/131016/lookups/batch")).isEmpty();
        assertThat(target("resident-12345678906", "GET", "/api/v1/municipalities/131016/provision-records"))
                .contains("cs-131016");
        assertThat(target("agency-lg131130-juki", "GET", "/api/v1/municipalities/131016/provision-records")).isEmpty();
    }

    @Test
    void aResidentReachesOnlyTheirOwnConsentsAndBodiesOnlyStatistics() {
        String own = "/api/v1/prefectures/13/residents/12345678906/consents";
        assertThat(target("resident-12345678906", "GET", own)).contains("pref-13");
        assertThat(target("resident-12345678906", "PUT", own + "/pref13-30-15-1-consent")).contains("pref-13");
        assertThat(target("resident-12345678906", "DELETE", own + "/pref13-30-15-1-consent")).contains("pref-13");
        // another person's consents, by any caller but the person
        assertThat(target("resident-11111111111", "GET", own)).isEmpty();
        assertThat(target("resident-11111111111", "PUT", own + "/pref13-30-15-1-consent")).isEmpty();
        assertThat(target("resident-11111111111", "DELETE", own + "/pref13-30-15-1-consent")).isEmpty();
        assertThat(target("agency-pref13-kenmin", "PUT", own + "/pref13-30-15-1-consent")).isEmpty();
        assertThat(target("clerk-131016", "PUT", own + "/pref13-30-15-1-consent")).isEmpty();
        // statistics: the prefecture's bodies, not residents
        assertThat(target("agency-pref13-toukei", "GET", "/api/v1/prefectures/13/statistics")).contains("pref-13");
        assertThat(target("resident-12345678906", "GET", "/api/v1/prefectures/13/statistics")).isEmpty();
        assertThat(target("agency-pref13-toukei", "POST", "/api/v1/prefectures/13/statistics")).isEmpty();
    }

    @Test
    void csesReachEachOtherOnlyOnTheMoveAndRecordCopyRoutes() {
        assertThat(target("cs-131016", "POST", "/internal/v1/municipalities/271004/messages")).contains("cs-271004");
        assertThat(target("cs-271004", "POST", "/internal/v1/municipalities/131016/messages")).contains("cs-131016");
        assertThat(target("cs-131016", "POST", "/internal/v1/municipalities/271004/moves/5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f/withdrawal"))
                .contains("cs-271004");
        assertThat(target("cs-271004", "POST", "/internal/v1/municipalities/131016/record-copies")).contains("cs-131016");
        assertThat(target("clerk-131016", "POST", "/internal/v1/municipalities/271004/messages")).isEmpty();
        assertThat(target("pref-13", "POST", "/internal/v1/municipalities/131016/record-copies")).isEmpty();
        assertThat(target("cs-131016", "POST", "/api/v1/municipalities/271004/notifications")).isEmpty();
        assertThat(target("cs-131016", "GET", "/internal/v1/municipalities/271004/messages")).isEmpty();
    }

    @Test
    void clerksManageMovesProtectionAndCopiesOnlyAtTheirOwnMunicipality() {
        assertThat(target("clerk-131016", "GET", "/api/v1/municipalities/131016/moves")).contains("cs-131016");
        assertThat(target("clerk-131016", "POST", "/api/v1/municipalities/131016/moves/5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f/cancellation"))
                .contains("cs-131016");
        assertThat(target("clerk-131016", "PUT", "/api/v1/municipalities/131016/residents/12345678906/dv-protection"))
                .contains("cs-131016");
        assertThat(target("clerk-131016", "PUT", "/api/v1/municipalities/131130/residents/12345678906/dv-protection"))
                .isEmpty();
        assertThat(target("clerk-271004", "POST", "/api/v1/municipalities/271004/record-copies")).contains("cs-271004");
        assertThat(target("clerk-271004", "POST", "/api/v1/municipalities/131016/record-copies")).isEmpty();
        assertThat(target("resident-12345678906", "POST", "/api/v1/municipalities/131016/online-move-outs"))
                .contains("cs-131016");
        assertThat(target("resident-12345678906", "POST", "/api/v1/municipalities/131016/notifications")).isEmpty();
    }

    @Test
    void agenciesReachTheirSubscriptionsDeliveryAndOnlyJLisCallsOutIntoTheAgencyZone() {
        String id = "5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f";
        assertThat(target("agency-nenkin", "GET", "/api/v1/national/subscription-keys")).contains("national");
        assertThat(target("agency-nenkin", "GET", "/api/v1/national/subscriptions/" + id + "/delivery")).contains("national");
        assertThat(target("agency-nenkin", "POST", "/api/v1/national/subscriptions/" + id + "/delivery/resume"))
                .contains("national");
        assertThat(target("resident-12345678906", "POST", "/api/v1/national/subscriptions/" + id + "/delivery/resume"))
                .isEmpty();
        assertThat(target("clerk-131016", "GET", "/api/v1/national/subscription-keys")).isEmpty();

        assertThat(target("national", "POST", "/internal/v1/outbound/webhooks")).contains(OutboundPolicy.AGENCY_ENDPOINT);
        for (String caller : new String[] {"agency-nenkin", "pref-13", "cs-131016", "clerk-131016", "gateway"}) {
            assertThat(target(caller, "POST", "/internal/v1/outbound/webhooks")).as(caller).isEmpty();
        }
        assertThat(target("national", "GET", "/internal/v1/outbound/webhooks")).isEmpty();
    }

    @Test
    void theOutboundPolicyListsEndpointsExactly() {
        OutboundPolicy outbound = new OutboundPolicy(java.util.List.of(new OutboundPolicy.WebhookEndpoint("agency-nenkin",
                java.net.URI.create("https://webhook-agency-nenkin:9443/jukinet/events"), "test")));
        assertThat(outbound.listed("https://webhook-agency-nenkin:9443/jukinet/events")).isPresent();
        assertThat(outbound.listed("HTTPS://Webhook-Agency-Nenkin:9443/jukinet/events")).isPresent();
        for (String other : new String[] {"https://webhook-agency-nenkin:9443/jukinet/events/", "https://webhook-agency-nenkin/jukinet/events",
                "https://webhook-agency-nenkin:9443/jukinet/events?to=elsewhere", "http://webhook-agency-nenkin:9443/jukinet/events",
                "https://user@webhook-agency-nenkin:9443/jukinet/events", "https://webhook-agency-nenkin:9443/jukinet/../events",
                "https://attacker.example/jukinet/events", "%zz", "", null}) {
            assertThat(outbound.listed(other)).as(String.valueOf(other)).isEmpty();
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new OutboundPolicy(java.util.List.of(
                new OutboundPolicy.WebhookEndpoint("agency-nenkin", java.net.URI.create("http://plain/events"), "no TLS")))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutACallerEverythingIsDenied() {
        // the module's tests run under the development switch: the caller is named in X-JukiNet-Caller, here by no one
        RestClient plain = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
        for (String caller : new String[] {null, "Agency Nenkin"}) {
            ResponseEntity<Map> response = plain.post().uri("/api/v1/national/lookups")
                    .headers(headers -> {
                        if (caller != null) {
                            headers.set("X-JukiNet-Caller", caller);
                        }
                    })
                    .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(Map.class);
            assertThat(response.getStatusCode()).as(caller).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
            assertThat(response.getBody()).containsEntry("type", "urn:jukinet:problem:forbidden");
        }
    }

    @Test
    void underTheDevelopmentSwitchTheCallerIsWhoeverTheHeaderNames() {
        RestClient plain = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
        // a clerk named in the header is refused a route that is not a clerk's: the firewall judged the named caller
        assertThat(plain.post().uri("/api/v1/national/lookups").header("X-JukiNet-Caller", "clerk-131016")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // an agency named in the header passes the firewall to the national server, which does not run here
        assertThat(plain.post().uri("/api/v1/national/lookups").header("X-JukiNet-Caller", "agency-nenkin")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_GATEWAY);
    }

    private Optional<String> target(String caller, String method, String path) {
        return firewall.decide(caller, method, path).map(Firewall.Decision::targetNode);
    }
}
