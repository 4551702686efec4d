package jp.jukinet.model.numbering;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * A block of resident-code serials the national server allocated to one municipality: the
 * serials {@code firstSerial..lastSerial}, both included. A serial is the ten data digits of a
 * resident code; {@link #codeAt(long)} adds the check digit. No serial is ever in two blocks.
 *
 * @param blockId      the national server's id of the block
 * @param municipality the municipality that may give out these codes
 * @param firstSerial  first serial of the block, {@code 0 ≤ firstSerial ≤ lastSerial}
 * @param lastSerial   last serial of the block, below 10¹⁰, at most
 *                     {@value ResidentCodeBlockRequest#MAX_SIZE} serials after the first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResidentCodeBlock(UUID blockId, LocalGovernmentCode municipality, long firstSerial, long lastSerial) {

    private static final long SERIAL_BOUND = 10_000_000_000L;

    /** @throws InvalidValueException naming the field, when the contract above is broken */
    public ResidentCodeBlock {
        if (blockId == null) {
            throw new InvalidValueException("blockId", "block id is required");
        }
        ResidentCodeBlockRequest.requireMunicipality(municipality);
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
    }

    /** How many serials the block holds. */
    public int size() {
        return (int) (lastSerial - firstSerial + 1);
    }

    /** Whether {@code serial} lies in this block. */
    public boolean contains(long serial) {
        return firstSerial <= serial && serial <= lastSerial;
    }

    /** Whether the code's serial lies in this block. */
    public boolean contains(ResidentCode code) {
        return contains(code.serial());
    }

    /**
     * The resident code of {@code serial} (its check digit added).
     *
     * @throws InvalidValueException (field {@code serial}) when the serial is not in this block
     */
    public ResidentCode codeAt(long serial) {
        if (!contains(serial)) {
            throw new InvalidValueException("serial", "the serial is not in this block");
        }
        return ResidentCode.fromSerial(serial);
    }

    /** The code of the {@code index}-th serial of the block, counted from 0. */
    public ResidentCode codeAtIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new InvalidValueException("index", "must be between 0 and " + (size() - 1));
        }
        return ResidentCode.fromSerial(firstSerial + index);
    }
}
