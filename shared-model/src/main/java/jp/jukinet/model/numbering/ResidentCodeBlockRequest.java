package jp.jukinet.model.numbering;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * A municipality's request for a block of resident codes (住民票コードの割当て).
 *
 * <p>The request id makes the request idempotent: the national server answers the same request
 * id with the same block, however often it is sent, and refuses it for a different municipality
 * or size.
 *
 * @param requestId    chosen by the caller, unique per intended block
 * @param municipality the municipality (not a prefecture: its municipality part is not 000) the
 *                     codes are for
 * @param size         how many codes, {@code 1..}{@value #MAX_SIZE}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResidentCodeBlockRequest(UUID requestId, LocalGovernmentCode municipality, int size) {

    /** The largest block one request may ask for. */
    public static final int MAX_SIZE = 100_000;

    /** @throws InvalidValueException naming the field, when the contract above is broken */
    public ResidentCodeBlockRequest {
        if (requestId == null) {
            throw new InvalidValueException("requestId", "request id is required");
        }
        requireMunicipality(municipality);
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidValueException("size", "block size must be between 1 and " + MAX_SIZE);
        }
    }

    /** The JSON form, where an absent {@code size} is refused as field {@code size} like any other bad size. */
    @JsonCreator
    public ResidentCodeBlockRequest(@JsonProperty("requestId") UUID requestId,
            @JsonProperty("municipality") LocalGovernmentCode municipality, @JsonProperty("size") Integer size) {
        this(requestId, municipality, size == null ? 0 : size);
    }

    static void requireMunicipality(LocalGovernmentCode municipality) {
        if (municipality == null) {
            throw new InvalidValueException("municipality", "municipality is required");
        }
        if (municipality.municipalityPart().equals("000")) {
            throw new InvalidValueException("municipality",
                    "must be a municipality; a prefecture (municipality part 000) registers no residents");
        }
    }
}
