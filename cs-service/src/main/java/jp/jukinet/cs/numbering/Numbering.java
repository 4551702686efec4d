package jp.jukinet.cs.numbering;

import java.time.LocalDate;
import java.util.List;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.numbering.ResidentCodeBlock;

/**
 * The national server's numbering as this CS reaches it (through its prefecture server). Both
 * calls are idempotent on the national side, so a retry never issues a second number.
 */
public interface Numbering {

    /** A new block of resident-code serials for this municipality. */
    ResidentCodeBlock allocateBlock(int size);

    /**
     * The My Number of each code: the current one when the code has one, a new one when
     * {@code reissue} (個人番号の変更).
     */
    List<MyNumber> myNumbers(List<ResidentCode> codes, boolean reissue);

    /**
     * Whether a person with these 4 info (name, date of birth, sex) is registered, in force, at any
     * municipality, as far as the national server knows.
     */
    boolean registeredAnywhere(PersonName name, LocalDate dateOfBirth, Sex sex);
}
