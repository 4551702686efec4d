package jp.jukinet.model.numbering;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

/**
 * The My Number that belongs to a resident code. {@link #toString()} never shows the number.
 *
 * @param residentCode the resident code asked about
 * @param myNumber     its current My Number
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MyNumberAssignment(ResidentCode residentCode, MyNumber myNumber) {

    /** @throws InvalidValueException when either is missing */
    public MyNumberAssignment {
        if (residentCode == null) {
            throw new InvalidValueException(ResidentCode.FIELD, "resident code is required");
        }
        if (myNumber == null) {
            throw new InvalidValueException(MyNumber.FIELD, "My Number is required");
        }
    }

    /** Masks the My Number: it is personal data whose use the law restricts, and must not reach logs. */
    @Override
    public String toString() {
        return "MyNumberAssignment[residentCode=" + residentCode + ", myNumber=************]";
    }
}
