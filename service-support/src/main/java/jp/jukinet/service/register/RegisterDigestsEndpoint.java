package jp.jukinet.service.register;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * The operator's read of this node's register digests (整合性確認, docs/architecture.md F8):
 * {@code GET /actuator/registerdigests/{municipality}} answers the municipality's digest and its
 * buckets' digests, and how many current records the digest covers. Digests and counts only, no resident code: what an
 * operator compares between tiers. Like every actuator endpoint beyond health it answers only an
 * operator's certificate ({@code operator-*}) on a direct connection ({@code PeerIdentityFilter}):
 * the gateway has no route to it.
 */
@Endpoint(id = "registerdigests")
public class RegisterDigestsEndpoint {

    private final RegisterDigests digests;

    public RegisterDigestsEndpoint(RegisterDigests digests) {
        this.digests = digests;
    }

    /** 400 naming the field when {@code municipality} is not a local government code. */
    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> municipality(@Selector String municipality) {
        LocalGovernmentCode code;
        try {
            code = LocalGovernmentCode.of(municipality);
        } catch (InvalidValueException e) {
            return new WebEndpointResponse<>(Map.of("field", "municipality", "detail", e.getMessage()),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("municipality", code.value());
        answer.put("digest", digests.municipalityDigest(code));
        answer.put("residents", digests.residents(code));
        answer.put("buckets", digests.bucketDigests(code));
        return new WebEndpointResponse<>(answer);
    }
}
