package jp.jukinet.model.provision;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

/**
 * One lookup (本人確認情報の照会) under a provision rule:
 * {@code {"basis": "<rule id>", "residentCode" | "myNumber" | "fourInfo": …}}. The same shape is
 * one line of a batch (NDJSON).
 *
 * <p>Contract (refusals name the field): {@code basis} is required and has the form of a rule id
 * ({@code [a-z0-9-]}, at most 100 characters); exactly one of {@code residentCode},
 * {@code myNumber} and {@code fourInfo} is given. When none is, the refusal names
 * {@code residentCode}; when several are, it names the second one.
 *
 * <p>{@link #toString()} shows only the basis and the kind of key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LookupRequest(String basis, ResidentCode residentCode, MyNumber myNumber, FourInfo fourInfo) {

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]{1,100}");

    /** @throws InvalidValueException when the contract above is broken */
    public LookupRequest {
        if (basis == null) {
            throw new InvalidValueException("basis", "basis (the id of the provision rule relied on) is required");
        }
        if (!RULE_ID.matcher(basis).matches()) {
            throw new InvalidValueException("basis", "basis must be a rule id: 1 to 100 characters of a-z, 0-9 and '-'");
        }
        int keys = (residentCode == null ? 0 : 1) + (myNumber == null ? 0 : 1) + (fourInfo == null ? 0 : 1);
        if (keys == 0) {
            throw new InvalidValueException(ResidentCode.FIELD,
                    "one of residentCode, myNumber or fourInfo is required");
        }
        if (keys > 1) {
            String second = residentCode != null && myNumber != null ? MyNumber.FIELD : "fourInfo";
            throw new InvalidValueException(second, "give only one of residentCode, myNumber or fourInfo");
        }
    }

    public static LookupRequest byResidentCode(String basis, ResidentCode code) {
        return new LookupRequest(basis, code, null, null);
    }

    public static LookupRequest byMyNumber(String basis, MyNumber number) {
        return new LookupRequest(basis, null, number, null);
    }

    public static LookupRequest byFourInfo(String basis, FourInfo fourInfo) {
        return new LookupRequest(basis, null, null, fourInfo);
    }

    /** What this lookup identifies the person by. */
    public LookupKey key() {
        if (residentCode != null) {
            return LookupKey.RESIDENT_CODE;
        }
        return myNumber != null ? LookupKey.MY_NUMBER : LookupKey.FOUR_INFO;
    }

    @Override
    public String toString() {
        return "LookupRequest[basis=" + basis + ", key=" + key() + "]";
    }
}
