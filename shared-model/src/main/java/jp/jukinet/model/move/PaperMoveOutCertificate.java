package jp.jukinet.model.move;

import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;

/**
 * 転出証明書 (住基法施行令 第23条): the paper an ordinary 転出届 gives the person, who brings it to
 * the municipality they move to. Its contents, as the origin's CS issues them (JSON, and printed in
 * a PDF with this JSON in a machine-readable block), and as the destination's clerk enters them with
 * the 転入届. Nothing of it travels between the CSs: the destination checks the entered items
 * against J-LIS's record of the person's removal ({@link MoveOutVerification}), so a paper that was
 * altered is refused.
 *
 * <p>Contract (refusals name the field under {@code moveOutCertificate.}): every component is
 * required; origin and destination differ.
 *
 * @param moveId       the move at the origin (転出届), which the destination's 転入通知 names
 * @param origin       the municipality the person moves out of (転出元), which issued the paper
 * @param destination  the municipality the person moves to (転出先)
 * @param name         氏名 (with 振り仮名, 旧氏 or 通称 where recorded)
 * @param address      住所 at the origin
 * @param plannedDate  転出予定年月日
 * @param notifiedDate 転出届の届出年月日
 * @param newAddress   転出先住所, as the person gave it
 * @param issuedOn     the day the paper was issued
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaperMoveOutCertificate(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination,
                                      ResidentCode residentCode, MyNumber myNumber, PersonName name,
                                      LocalDate dateOfBirth, Sex sex, Address address, LocalDate plannedDate,
                                      LocalDate notifiedDate, Address newAddress, LocalDate issuedOn) {

    /** The request field that carries the paper's contents at the 転入届. */
    public static final String FIELD = "moveOutCertificate";

    /**
     * What starts the block printed on the paper, before the base64url (no padding) of the contents' JSON:
     * the origin's CS prints it, the destination's window reads it.
     */
    public static final String ENCODED_BLOCK_PREFIX = "JUKINET-TENSHUTSU-1:";

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public PaperMoveOutCertificate {
        MoveMessage.requireMove(moveId, origin, destination);
        require(residentCode, "residentCode");
        require(myNumber, "myNumber");
        require(name, "name");
        require(dateOfBirth, "dateOfBirth");
        require(sex, "sex");
        require(address, "address");
        require(plannedDate, "plannedDate");
        require(notifiedDate, "notifiedDate");
        require(newAddress, "newAddress");
        require(issuedOn, "issuedOn");
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required on a 転出証明書");
        }
    }

    /** Shows keys only: the paper holds personal data and a My Number. */
    @Override
    public String toString() {
        return "PaperMoveOutCertificate[moveId=" + moveId + ", origin=" + origin + ", destination=" + destination + "]";
    }
}
