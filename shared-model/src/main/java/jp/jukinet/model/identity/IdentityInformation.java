package jp.jukinet.model.identity;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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
 *       and a removed record otherwise changes only by ex officio correction (職権修正);</li>
 *   <li>{@code residence} is not negative.</li>
 * </ul>
 * {@link #toString()} shows only the keys (resident code, municipality, status, change): this
 * record holds personal data and a My Number, which must not reach logs.
 *
 * @param municipality the local government whose register holds the record
 * @param residence    which of the person's residences (住所) in the network this record belongs to:
 *                     0 from a birth or first registration, one more with each move between
 *                     municipalities (転入 with 転出証明書情報). A register never lets a record of an
 *                     older residence replace one of a newer residence, so the removal at the old
 *                     municipality and the registration at the new one may arrive in either order.
 *                     Omitted in JSON when 0, and read as 0 when absent.
 * @param movedTo      for a record removed by 転出: the municipality the person moved to (転出先), kept
 *                     with the removed record (除票) so that every tier can tell, from its own
 *                     records, which municipality may register the person's next residence
 *                     (PRODUCT.md F10); {@code null} otherwise. Allowed only on a removed record.
 *                     A field older readers ignore.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdentityInformation(ResidentCode residentCode, MyNumber myNumber, PersonName name,
                                  LocalDate dateOfBirth, Sex sex, Address address,
                                  LocalGovernmentCode municipality, ResidentStatus status,
                                  ChangeInformation change,
                                  @JsonInclude(JsonInclude.Include.NON_DEFAULT) int residence,
                                  LocalGovernmentCode movedTo) {

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
        if (residence < 0) {
            throw new InvalidValueException("residence", "residence must not be negative");
        }
        if (movedTo != null && status != ResidentStatus.REMOVED) {
            throw new InvalidValueException("movedTo", "only a removed (消除) record names where the person moved to");
        }
    }

    /** A record without a destination: any record in force, or one removed otherwise than by a move. */
    public IdentityInformation(ResidentCode residentCode, MyNumber myNumber, PersonName name, LocalDate dateOfBirth,
                               Sex sex, Address address, LocalGovernmentCode municipality, ResidentStatus status,
                               ChangeInformation change, int residence) {
        this(residentCode, myNumber, name, dateOfBirth, sex, address, municipality, status, change, residence, null);
    }

    /** A record of the person's first residence (0): a birth, a first registration, or a test. */
    public IdentityInformation(ResidentCode residentCode, MyNumber myNumber, PersonName name, LocalDate dateOfBirth,
                               Sex sex, Address address, LocalGovernmentCode municipality, ResidentStatus status,
                               ChangeInformation change) {
        this(residentCode, myNumber, name, dateOfBirth, sex, address, municipality, status, change, 0);
    }

    /** The JSON form, where {@code residence} may be absent (a record written before moves existed) and means 0. */
    @JsonCreator
    public static IdentityInformation fromJson(@JsonProperty("residentCode") ResidentCode residentCode,
            @JsonProperty("myNumber") MyNumber myNumber, @JsonProperty("name") PersonName name,
            @JsonProperty("dateOfBirth") LocalDate dateOfBirth, @JsonProperty("sex") Sex sex,
            @JsonProperty("address") Address address, @JsonProperty("municipality") LocalGovernmentCode municipality,
            @JsonProperty("status") ResidentStatus status, @JsonProperty("change") ChangeInformation change,
            @JsonProperty("residence") Integer residence, @JsonProperty("movedTo") LocalGovernmentCode movedTo) {
        return new IdentityInformation(residentCode, myNumber, name, dateOfBirth, sex, address, municipality, status,
                change, residence == null ? 0 : residence, movedTo);
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

    /**
     * The same person's record at {@code newMunicipality} from a move-in (転入) on {@code change}: a
     * new residence, in force, at {@code newAddress}.
     */
    public IdentityInformation movedIn(LocalGovernmentCode newMunicipality, Address newAddress,
                                       ChangeInformation change) {
        return new IdentityInformation(residentCode, myNumber, name, dateOfBirth, sex, newAddress, newMunicipality,
                ResidentStatus.ACTIVE, change, residence + 1);
    }

    /**
     * This record removed (消除) by 転出 on {@code change}: the person moved, or is to move, to
     * {@code destination}.
     */
    public IdentityInformation movedOut(LocalGovernmentCode destination, ChangeInformation change) {
        return new IdentityInformation(residentCode, myNumber, name, dateOfBirth, sex, address, municipality,
                ResidentStatus.REMOVED, change, residence, destination);
    }

    /** Shows the keys only; name, address, date of birth, sex and My Number are withheld. */
    @Override
    public String toString() {
        return "IdentityInformation[residentCode=" + residentCode + ", municipality=" + municipality
                + ", status=" + status + ", change=" + change + ", residence=" + residence
                + (movedTo == null ? "" : ", movedTo=" + movedTo) + "]";
    }
}
