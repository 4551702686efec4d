package jp.jukinet.prefecture.numbering;

import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.RegistrationCheck;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.service.notice.OutboxSettings;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays the municipalities' numbering requests to the national server: resident-code blocks are
 * allocated to municipalities through their prefecture. Every request is relayed only when its
 * caller (the identity the gateway verified) is the CS of the municipality the request names, and
 * that municipality is of this prefecture (PRODUCT.md F10); a refusal is 403 naming
 * {@code municipality}, counted ({@value #REFUSED}) and logged with the route and the caller. The
 * answer (or the national server's problem) is passed back unchanged; J-LIS then decides from its
 * own register which codes the municipality may have numbered.
 *
 * <p>Every block of resident codes relayed is copied to {@code relayed_code_blocks} before it is
 * handed to the CS (F8, rebuild of J-LIS): if J-LIS's database is lost, the copies of all the
 * prefectures restore which codes it had allocated, and to whom. A block whose copy cannot be
 * written is not handed out (503): the CS asks again with the same request id and J-LIS answers
 * the same block, so no code reaches a municipality without a copy here.
 */
@RestController
class NumberingRelay {

    static final String REFUSED = "jukinet.numbering.refused";

    private static final Logger log = LoggerFactory.getLogger(NumberingRelay.class);

    private final RestClient national;
    private final PrefectureSettings settings;
    private final MeterRegistry meters;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    NumberingRelay(RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl, OutboxSettings uplink,
                   PrefectureSettings settings, MeterRegistry meters, JdbcClient jdbc, JsonMapper json) {
        RestClient.Builder client = builder.clone().baseUrl(uplink.uplink().toString());
        if (uplink.sslBundle() != null && !uplink.sslBundle().isBlank()) {
            client.apply(ssl.getObject().fromBundle(uplink.sslBundle()));
        }
        this.national = client.build();
        this.settings = settings;
        this.meters = meters;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Operation(summary = "Relay a municipality's request for a block of resident codes to the national server",
            description = "403 (field municipality) unless the caller is that municipality's CS, of this prefecture.")
    @PostMapping("/internal/v1/numbering/resident-code-blocks")
    ResponseEntity<byte[]> residentCodeBlock(@RequestBody ResidentCodeBlockRequest request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnMunicipality(caller, request.municipality(), "resident-code-blocks");
        ResponseEntity<byte[]> answer = relay("/internal/v1/numbering/resident-code-blocks", request);
        if (answer.getStatusCode().is2xxSuccessful()) {
            keepCopy(request, answer.getBody());
        }
        return answer;
    }

    /**
     * Records the block J-LIS answered (one row per block: a retried request's same block is
     * recorded once). Autocommit: the row is committed before the CS sees the block.
     *
     * @throws Refusal unavailable when the answer is not a block of the requested municipality
     *                 (nothing is handed out that could not be copied)
     */
    private void keepCopy(ResidentCodeBlockRequest request, byte[] body) {
        ResidentCodeBlock block;
        try {
            block = json.readValue(body, ResidentCodeBlock.class);
        } catch (RuntimeException e) {
            log.error("The national server's answer to resident-code block request {} is not a block; not handed out",
                    request.requestId());
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the national server's answer could not be read; retry later");
        }
        if (!block.municipality().equals(request.municipality())) {
            log.error("The national server answered resident-code block request {} of municipality {} with a block of {}; "
                    + "not handed out", request.requestId(), request.municipality(), block.municipality());
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the national server's answer is for another municipality");
        }
        try {
            jdbc.sql("""
                INSERT INTO relayed_code_blocks (block_id, request_id, municipality, codes, relayed_at)
                VALUES (:blockId, :requestId, :municipality, CAST(:codes AS char(11)[]), :relayedAt)
                ON CONFLICT (block_id) DO NOTHING""")
                .param("blockId", block.blockId()).param("requestId", request.requestId())
                .param("municipality", block.municipality().value())
                .param("codes", block.codes().stream().map(ResidentCode::value).toArray(String[]::new))
                .param("relayedAt", Timestamp.from(Instant.now()))
                .update();
        } catch (DataAccessException e) {
            log.error("The copy of resident-code block {} could not be recorded ({}); not handed out", block.blockId(),
                    e.getClass().getSimpleName());
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the block could not be recorded here; retry later");
        }
    }

    @Operation(summary = "Relay a municipality's request for My Numbers to the national server",
            description = "403 (field municipality) unless the caller is that municipality's CS, of this prefecture.")
    @PostMapping("/internal/v1/numbering/my-numbers")
    ResponseEntity<byte[]> myNumbers(@RequestBody MyNumberRequest request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnMunicipality(caller, request.municipality(), "my-numbers");
        return relay("/internal/v1/numbering/my-numbers", request);
    }

    @Operation(summary = "Relay a municipality's question whether a person is registered anywhere to the national server",
            description = "403 (field municipality) unless the caller is that municipality's CS, of this prefecture.")
    @PostMapping("/internal/v1/numbering/registration-checks")
    ResponseEntity<byte[]> registrationCheck(@RequestBody RegistrationCheck check,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnMunicipality(caller, check.municipality(), "registration-checks");
        return relay("/internal/v1/numbering/registration-checks", check);
    }

    private void requireOwnMunicipality(String caller, LocalGovernmentCode municipality, String route) {
        if (!caller.equals("cs-" + municipality.value())) {
            refused(route, "caller", caller);
            throw new Refusal(Refusal.Kind.FORBIDDEN, "municipality",
                    caller + " may ask only for its own municipality");
        }
        if (!municipality.prefecture().equals(settings.prefecture())) {
            refused(route, "prefecture", caller);
            throw new Refusal(Refusal.Kind.FORBIDDEN, "municipality", "prefecture " + settings.prefecture().value()
                    + " relays numbering only for its own municipalities");
        }
    }

    private void refused(String route, String reason, String caller) {
        Counter.builder(REFUSED).description("Numbering requests refused: the caller does not own what it asked for")
                .tag("route", route).tag("reason", reason).register(meters).increment();
        log.warn("Refused numbering {} from {}: {}", route, caller,
                reason.equals("caller") ? "the request names another municipality" : "a municipality of another prefecture");
    }

    private ResponseEntity<byte[]> relay(String path, Object body) {
        try {
            return national.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                    .exchange((req, res) -> ResponseEntity.status(res.getStatusCode())
                            .contentType(res.getHeaders().getContentType() == null
                                    ? MediaType.APPLICATION_JSON : res.getHeaders().getContentType())
                            .body(res.getBody().readAllBytes()));
        } catch (RestClientException e) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the national server cannot be reached now; retry later");
        }
    }
}
