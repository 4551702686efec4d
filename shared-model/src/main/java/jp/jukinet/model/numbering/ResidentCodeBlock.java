package jp.jukinet.model.numbering;

import java.util.ArrayList;
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
 * A block of resident codes the national server allocated to one municipality: the codes, in the
 * order the municipality gives them out. J-LIS draws each code at random (住基法施行規則 第1条:
 * 無作為に作成された十けたの数字 and the check digit), so the codes of a block are not consecutive
 * and a code says nothing about the next. No code is ever in two blocks.
 *
 * <p>Wire versions: a block travels as {@code {blockId, municipality, codes}}. The first version
 * sent a range of consecutive serials, {@code firstSerial..lastSerial}; such an answer is still
 * read (as the codes of the range), so a CS can be upgraded before its J-LIS. A reader of the
 * first version cannot use a block of random codes: it finds no range, and fails rather than
 * giving out codes that were not allocated to it (J-LIS would refuse their My Numbers anyway).
 *
 * @param blockId      the national server's id of the block
 * @param municipality the municipality that may give out these codes
 * @param codes        {@code 1..}{@value ResidentCodeBlockRequest#MAX_SIZE} distinct codes; the list is
 *                     immutable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResidentCodeBlock(UUID blockId, LocalGovernmentCode municipality, List<ResidentCode> codes) {

    private static final long SERIAL_BOUND = 10_000_000_000L;

    /** @throws InvalidValueException naming the field, when the contract above is broken */
    public ResidentCodeBlock {
        if (blockId == null) {
            throw new InvalidValueException("blockId", "block id is required");
        }
        ResidentCodeBlockRequest.requireMunicipality(municipality);
        if (codes == null || codes.isEmpty() || codes.size() > ResidentCodeBlockRequest.MAX_SIZE) {
            throw new InvalidValueException("codes",
                    "between 1 and " + ResidentCodeBlockRequest.MAX_SIZE + " resident codes expected");
        }
        Set<ResidentCode> seen = new HashSet<>(codes.size() * 2);
        for (int i = 0; i < codes.size(); i++) {
            ResidentCode code = codes.get(i);
            if (code == null) {
                throw new InvalidValueException("codes[" + i + "]", "must not be null");
            }
            if (!seen.add(code)) {
                throw new InvalidValueException("codes[" + i + "]", "appears more than once in the block");
            }
        }
        codes = List.copyOf(codes);
    }

    /**
     * The JSON form: {@code codes}, or, from a national server of the first version, the range
     * {@code firstSerial..lastSerial}.
     */
    @JsonCreator
    static ResidentCodeBlock fromJson(@JsonProperty("blockId") UUID blockId,
            @JsonProperty("municipality") LocalGovernmentCode municipality,
            @JsonProperty("codes") List<ResidentCode> codes,
            @JsonProperty("firstSerial") Long firstSerial, @JsonProperty("lastSerial") Long lastSerial) {
        if (codes == null && firstSerial != null && lastSerial != null) {
            return range(blockId, municipality, firstSerial, lastSerial);
        }
        return new ResidentCodeBlock(blockId, municipality, codes);
    }

    /**
     * A block of the first version: the consecutive serials {@code firstSerial..lastSerial}, both
     * included (a serial is the ten data digits of a code). The national server still holds such
     * blocks from before random codes; their codes stay valid and are never drawn again.
     *
     * @throws InvalidValueException naming {@code firstSerial} or {@code lastSerial} unless
     *         {@code 0 ≤ firstSerial ≤ lastSerial < 10¹⁰} and the range is at most
     *         {@value ResidentCodeBlockRequest#MAX_SIZE} serials long
     */
    public static ResidentCodeBlock range(UUID blockId, LocalGovernmentCode municipality, long firstSerial,
            long lastSerial) {
        if (firstSerial < 0 || firstSerial >= SERIAL_BOUND) {
            throw new InvalidValueException("firstSerial", "must be a ten-digit serial (0 to 9999999999)");
        }
        if (lastSerial < firstSerial || lastSerial >= SERIAL_BOUND) {
            throw new InvalidValueException("lastSerial",
                    "must be a ten-digit serial (0 to 9999999999) not below firstSerial");
        }
        if (lastSerial - firstSerial >= ResidentCodeBlockRequest.MAX_SIZE) {
            throw new InvalidValueException("lastSerial",
                    "a block holds at most " + ResidentCodeBlockRequest.MAX_SIZE + " serials");
        }
        List<ResidentCode> codes = new ArrayList<>((int) (lastSerial - firstSerial + 1));
        for (long serial = firstSerial; serial <= lastSerial; serial++) {
            codes.add(ResidentCode.fromSerial(serial));
        }
        return new ResidentCodeBlock(blockId, municipality, codes);
    }

    /** How many codes the block holds. */
    public int size() {
        return codes.size();
    }

    /** Whether {@code code} is one of this block's codes. */
    public boolean contains(ResidentCode code) {
        return codes.contains(code);
    }

    /** Shows no resident code (they are personal data once given out), only how many. */
    @Override
    public String toString() {
        return "ResidentCodeBlock[blockId=" + blockId + ", municipality=" + municipality + ", size=" + codes.size() + "]";
    }
}
