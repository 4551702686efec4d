package jp.jukinet.window.gateway;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;

/**
 * One municipality's CS, through the gateway, as its clerk system: the clerks' API
 * ({@code /api/v1/municipalities/{lg}/…}) and nothing else. Answers are the CS's JSON; a refusal is a
 * {@link CsRefusal} with the CS's problem, a network failure a {@link CsUnavailable}.
 */
public final class CsClient {

    private static final String BASE = "/api/v1/municipalities/{lg}";

    private final LocalGovernmentCode lg;
    private final RestClient gateway;

    CsClient(LocalGovernmentCode lg, RestClient gateway) {
        this.lg = lg;
        this.gateway = gateway;
    }

    public LocalGovernmentCode municipality() {
        return lg;
    }

    /** Registers a 届出; the same {@code idempotencyKey} with the same body registers it once. */
    public JsonNode register(String idempotencyKey, ObjectNode notification) {
        return call("notifications", () -> gateway.post().uri(BASE + "/notifications", lg.value())
                .header("Idempotency-Key", idempotencyKey).contentType(MediaType.APPLICATION_JSON)
                .body(JukiNetJson.mapper().writeValueAsBytes(notification)).retrieve()
                .onStatus(HttpStatusCode::isError, CsClient::refuse).body(byte[].class));
    }

    /** A resident of this municipality with their history, moves and DV support measures. */
    public JsonNode resident(ResidentCode code) {
        return get("residents", builder -> builder.path(BASE + "/residents/{code}").build(lg.value(), code.value()));
    }

    /** Residents of this municipality whose name and date of birth match (at most the CS's limit). */
    public JsonNode search(String family, String given, LocalDate dateOfBirth) {
        return get("resident search", builder -> {
            builder.path(BASE + "/residents");
            if (family != null) {
                builder.queryParam("family", "{family}");
            }
            if (given != null) {
                builder.queryParam("given", "{given}");
            }
            if (dateOfBirth != null) {
                builder.queryParam("dateOfBirth", dateOfBirth.toString());
            }
            return builder.build(java.util.Map.of("lg", lg.value(), "family", family == null ? "" : family,
                    "given", given == null ? "" : given));
        });
    }

    /** The household (世帯主, members, 続柄) of a resident. */
    public JsonNode household(ResidentCode code) {
        return get("household", builder -> builder.path(BASE + "/residents/{code}/household").build(lg.value(), code.value()));
    }

    /** Moves out of and into this municipality, newest first; {@code code} narrows to one person. */
    public JsonNode moves(ResidentCode code) {
        return get("moves", builder -> {
            builder.path(BASE + "/moves");
            if (code != null) {
                builder.queryParam("residentCode", code.value());
            }
            return builder.build(lg.value());
        });
    }

    /** The contents of an ordinary move-out's 転出証明書. */
    public JsonNode certificate(UUID moveId) {
        return get("certificate", builder -> builder.path(BASE + "/moves/{moveId}/certificate").build(lg.value(), moveId));
    }

    /** The printable 転出証明書 (PDF, A4, Japanese). */
    public byte[] certificatePdf(UUID moveId) {
        return call("certificate", () -> gateway.get().uri(BASE + "/moves/{moveId}/certificate", lg.value(), moveId)
                .accept(MediaType.APPLICATION_PDF).retrieve().onStatus(HttpStatusCode::isError, CsClient::refuse)
                .body(byte[].class), bytes -> bytes);
    }

    /** Sets (replaces) a resident's DV support measures. */
    public JsonNode setDvProtection(ResidentCode code, ObjectNode measures) {
        return call("dv-protection", () -> gateway.put().uri(BASE + "/residents/{code}/dv-protection", lg.value(), code.value())
                .contentType(MediaType.APPLICATION_JSON).body(JukiNetJson.mapper().writeValueAsBytes(measures)).retrieve()
                .onStatus(HttpStatusCode::isError, CsClient::refuse).body(byte[].class));
    }

    /** Lifts a resident's DV support measures. */
    public void liftDvProtection(ResidentCode code) {
        call("dv-protection", () -> gateway.delete().uri(BASE + "/residents/{code}/dv-protection", lg.value(), code.value())
                .retrieve().onStatus(HttpStatusCode::isError, CsClient::refuse).toBodilessEntity(), entity -> null);
    }

    /** Issues a wide-area copy (広域交付) of a record held by another municipality. */
    public JsonNode issueCopy(ObjectNode order) {
        return call("record-copies", () -> gateway.post().uri(BASE + "/record-copies", lg.value())
                .contentType(MediaType.APPLICATION_JSON).body(JukiNetJson.mapper().writeValueAsBytes(order)).retrieve()
                .onStatus(HttpStatusCode::isError, CsClient::refuse).body(byte[].class));
    }

    /** The wide-area copies recorded at this municipality, newest first. */
    public JsonNode copies() {
        return get("record-copies", builder -> builder.path(BASE + "/record-copies").build(lg.value()));
    }

    private JsonNode get(String call, Function<UriBuilder, URI> uri) {
        return call(call, () -> gateway.get().uri(uri).accept(MediaType.APPLICATION_JSON).retrieve()
                .onStatus(HttpStatusCode::isError, CsClient::refuse).body(byte[].class));
    }

    private JsonNode call(String call, java.util.function.Supplier<byte[]> request) {
        return call(call, request, body -> body == null || body.length == 0 ? null : JukiNetJson.mapper().readTree(body));
    }

    private static <B, T> T call(String call, java.util.function.Supplier<B> request, Function<B, T> read) {
        try {
            return read.apply(request.get());
        } catch (ResourceAccessException e) {
            throw new CsUnavailable(call, e);
        }
    }

    private static void refuse(org.springframework.http.HttpRequest request,
                               org.springframework.http.client.ClientHttpResponse response) throws java.io.IOException {
        throw new CsRefusal(jp.jukinet.web.GatewayProblem.of(response));
    }
}
