package jp.jukinet.cs.numbering;

import java.util.List;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
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
}
