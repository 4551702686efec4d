package jp.jukinet.portal.gateway;

import java.time.LocalDate;
import java.util.function.Supplier;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.ProvisionRecordPage;
import jp.jukinet.web.GatewayProblem;

/**
 * One resident's way into the network: the gateway, with the resident's own certificate
 * ({@code resident-<resident code>}). J-LIS and the CS decide from that certificate whose data they
 * answer with; nothing here chooses another resident.
 */
public final class ResidentGateway {

    private final ResidentCode resident;
    private final RestClient gateway;

    ResidentGateway(ResidentCode resident, RestClient gateway) {
        this.resident = resident;
        this.gateway = gateway;
    }

    public ResidentCode resident() {
        return resident;
    }

    /** The resident's own identity information, as J-LIS holds it (本人確認情報の本人への開示). */
    public IdentityInformation ownIdentity() {
        return JukiNetJson.mapper().readValue(call(() -> gateway.get().uri("/api/v1/national/own-identity")
                .accept(MediaType.APPLICATION_JSON).retrieve().onStatus(HttpStatusCode::isError, ResidentGateway::refuse)
                .body(byte[].class)), IdentityInformation.class);
    }

    /** Who received the resident's data in [from, to] (Japan time), newest first, a page at a time. */
    public ProvisionRecordPage provisionRecords(LocalDate from, LocalDate to, String cursor, int limit) {
        return JukiNetJson.mapper().readValue(call(() -> gateway.get().uri(builder -> {
                    builder.path("/api/v1/national/provision-records").queryParam("from", from).queryParam("to", to)
                            .queryParam("limit", limit);
                    if (cursor != null) {
                        builder.queryParam("cursor", cursor);
                    }
                    return builder.build();
                }).accept(MediaType.APPLICATION_JSON).retrieve().onStatus(HttpStatusCode::isError, ResidentGateway::refuse)
                .body(byte[].class)), ProvisionRecordPage.class);
    }

    /**
     * The resident's card-based move-out, online, at the CS of {@code municipality} (where they are
     * registered): the move, as the CS answers it.
     */
    public JsonNode moveOut(LocalGovernmentCode municipality, String idempotencyKey, ObjectNode moveOut) {
        return JukiNetJson.mapper().readTree(call(() -> gateway.post()
                .uri("/api/v1/municipalities/{lg}/online-move-outs", municipality.value())
                .header("Idempotency-Key", idempotencyKey).contentType(MediaType.APPLICATION_JSON)
                .body(JukiNetJson.mapper().writeValueAsBytes(moveOut)).retrieve()
                .onStatus(HttpStatusCode::isError, ResidentGateway::refuse).body(byte[].class)));
    }

    private static byte[] call(Supplier<byte[]> request) {
        try {
            return request.get();
        } catch (ResourceAccessException e) {
            throw new GatewayRefusal(503, null, null);
        }
    }

    private static void refuse(org.springframework.http.HttpRequest request,
                               org.springframework.http.client.ClientHttpResponse response) throws java.io.IOException {
        GatewayProblem problem = GatewayProblem.of(response);
        throw new GatewayRefusal(problem.status(), problem.field(), problem.detail());
    }

    @Override
    public String toString() {
        return "ResidentGateway[resident]"; // never the code: it is personal data
    }
}
