package jp.jukinet.model.numbering;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * A municipality's request for the My Numbers (個人番号) of resident codes (My Number Act Art. 8).
 *
 * <p>Without {@code reissue}, a code that already has a current My Number gets that number back
 * and a code without one gets a new one. With {@code reissue} (個人番号の変更, Art. 7(2)), every
 * listed code's current number is retired and a new one, different from every number ever
 * issued, takes its place. The request id makes the request idempotent: the same request id is
 * answered with the same numbers, so a retried reissue does not change the number twice.
 *
 * <p>The municipality speaks only for its own residents (PRODUCT.md F10): the national server
 * answers a code only when, in its own register, the municipality holds the person, or nobody
 * does and the code was allocated to the municipality (a person it is registering now); a reissue
 * only at the person's current municipality, for a record in force. Its prefecture relays the
 * request only from that municipality's own CS.
 *
 * @param requestId     chosen by the caller, unique per intended issuance
 * @param municipality  the municipality that asks (not a prefecture: its municipality part is not 000)
 * @param residentCodes {@code 1..}{@value #MAX_CODES} distinct resident codes; the list is immutable
 * @param reissue       whether to replace the codes' current numbers
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MyNumberRequest(UUID requestId, LocalGovernmentCode municipality, List<ResidentCode> residentCodes,
                              boolean reissue) {

    /** The most resident codes one request may carry. */
    public static final int MAX_CODES = 1000;

    /** @throws InvalidValueException naming the field, when the contract above is broken */
    public MyNumberRequest {
        if (requestId == null) {
            throw new InvalidValueException("requestId", "request id is required");
        }
        ResidentCodeBlockRequest.requireMunicipality(municipality);
        if (residentCodes == null || residentCodes.isEmpty() || residentCodes.size() > MAX_CODES) {
            throw new InvalidValueException("residentCodes", "between 1 and " + MAX_CODES + " resident codes expected");
        }
        Set<ResidentCode> seen = new HashSet<>();
        for (int i = 0; i < residentCodes.size(); i++) {
            ResidentCode code = residentCodes.get(i);
            if (code == null) {
                throw new InvalidValueException("residentCodes[" + i + "]", "must not be null");
            }
            if (!seen.add(code)) {
                throw new InvalidValueException("residentCodes[" + i + "]", "appears more than once in the request");
            }
        }
        residentCodes = List.copyOf(residentCodes);
    }

    /**
     * The JSON form, where {@code reissue} may be absent (an older client) and then means
     * {@code false}.
     */
    @JsonCreator
    public MyNumberRequest(@JsonProperty("requestId") UUID requestId,
            @JsonProperty("municipality") LocalGovernmentCode municipality,
            @JsonProperty("residentCodes") List<ResidentCode> residentCodes, @JsonProperty("reissue") Boolean reissue) {
        this(requestId, municipality, residentCodes, Boolean.TRUE.equals(reissue));
    }

    /** Shows no resident code, only how many. */
    @Override
    public String toString() {
        return "MyNumberRequest[requestId=" + requestId + ", municipality=" + municipality + ", codes="
                + residentCodes.size() + ", reissue=" + reissue + "]";
    }
}
