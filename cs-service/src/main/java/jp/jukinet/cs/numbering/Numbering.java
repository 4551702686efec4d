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

    /** A new block of resident codes (drawn at random by the national server) for this municipality. */
    ResidentCodeBlock allocateBlock(int size);

    /**
     * The My Number of each code: the current one when the code has one, a new one when
     * {@code reissue} (個人番号の変更). The national server answers only for codes this
     * municipality owns: people it holds in the national register, or codes allocated to it that
     * nobody holds yet (a birth, a first registration); a reissue only for a person it holds in force.
     *
     * @throws jp.jukinet.service.web.Refusal conflict (field {@code residentCode}) when the national
     *         server refuses a code (e.g. a change of My Number before the person's registration has
     *         reached it); unavailable when it cannot be reached
     */
    List<MyNumber> myNumbers(List<ResidentCode> codes, boolean reissue);

    /**
     * Whether a person with these 4 info (name, date of birth, sex) is registered, in force, at any
     * municipality, as far as the national server knows.
     */
    boolean registeredAnywhere(PersonName name, LocalDate dateOfBirth, Sex sex);
}
