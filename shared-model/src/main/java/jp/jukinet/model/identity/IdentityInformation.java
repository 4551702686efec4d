package jp.jukinet.model.identity;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

/**
 * Identity information (本人確認情報) of one person as a municipality records it: the 4 info
 * (name, address, date of birth, sex), the resident code, the My Number, the municipality
 * holding the record, whether the record is in force, and the last change.
 *
 * <p>Contract (refusals name the JSON field):
 * <ul>
 *   <li>every component is required;</li>
 *   <li>{@code dateOfBirth} is not after {@code change.notifiedDate}: no one is notified about
 *       before being born;</li>
 *   <li>{@code status} agrees with the change: a reason that removes the resident
 *       ({@link ChangeReason#removesResident()}) leaves the record {@link ResidentStatus#REMOVED},
 *       and a removed record otherwise changes only by ex officio correction (職権修正).</li>
 * </ul>
 * {@link #toString()} shows only the keys (resident code, municipality, status, change): this
 * record holds personal data and a My Number, which must not reach logs.
 *
 * @param municipality the local government whose register holds the record
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdentityInformation(ResidentCode residentCode, MyNumber myNumber, PersonName name,
                                  LocalDate dateOfBirth, Sex sex, Address address,
                                  LocalGovernmentCode municipality, ResidentStatus status,
                                  ChangeInformation change) {

    /** @throws InvalidValueException when the contract above is broken */
    public IdentityInformation {
        require(residentCode, "residentCode", "住民票コード (resident code)");
        require(myNumber, "myNumber", "個人番号 (My Number)");
        require(name, "name", "氏名 (name)");
        require(dateOfBirth, "dateOfBirth", "生年月日 (date of birth)");
        require(sex, "sex", "性別 (sex)");
        require(address, "address", "住所 (address)");
        require(municipality, "municipality", "市区町村 (municipality)");
        require(status, "status", "status");
        require(change, "change", "変更情報 (change information)");
        if (dateOfBirth.isAfter(change.notifiedDate())) {
            throw new InvalidValueException("dateOfBirth",
                    "生年月日 (date of birth) must not be after the notified date (届出年月日) of the change");
        }
        if (change.reason().removesResident() && status != ResidentStatus.REMOVED) {
            throw new InvalidValueException("status",
                    "a change for reason " + change.reason() + " removes the resident, so status must be REMOVED");
        }
        if (status == ResidentStatus.REMOVED && !change.reason().removesResident()
                && change.reason() != ChangeReason.EX_OFFICIO_CORRECTION) {
            throw new InvalidValueException("status", "a removed (消除) record changes only by "
                    + ChangeReason.EX_OFFICIO_CORRECTION + ", not by " + change.reason());
        }
    }

    private static void require(Object value, String field, String label) {
        if (value == null) {
            throw new InvalidValueException(field, label + " is required");
        }
    }

    /** Whether the record is in force (not 消除). */
    public boolean active() {
        return status == ResidentStatus.ACTIVE;
    }

    /** Shows the keys only; name, address, date of birth, sex and My Number are withheld. */
    @Override
    public String toString() {
        return "IdentityInformation[residentCode=" + residentCode + ", municipality=" + municipality
                + ", status=" + status + ", change=" + change + "]";
    }
}
