package jp.jukinet.model.move;

import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.household.HouseholdItem;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.IdentityInformation;

/**
 * 転出証明書情報 (住基法 第24条の2 第3項・第4項): what the CS of the municipality a person moves out
 * of (A) sends ahead to the CS of the destination (B) when a card-based 転出届 (特例転出 / 付記転出届)
 * is registered, so that B can register the 転入届 with the same resident code and My Number when
 * the person appears with their card. An ordinary 転出届 sends nothing: the person carries a paper
 * 転出証明書 ({@link PaperMoveOutCertificate}).
 *
 * <p>Contract (refusals name the field): every component but {@code dvProtection} is required;
 * the identity is the person's record at A as it was in force before the 転出届 removed it
 * ({@code identity.municipality = origin}, status ACTIVE); origin and destination differ.
 *
 * @param moveId       the move, chosen by A
 * @param identity     the person's identity information at A when the move-out was registered
 * @param plannedDate  転出予定年月日
 * @param notifiedDate 転出届の届出年月日
 * @param newAddress   the address at the destination the person gave (転出先住所)
 * @param cardBased    whether this is the card-based move-out (特例転出, under 第24条の2
 *                     転入届の特例): the person must present their My Number card when moving in
 * @param dvProtection the DV support measures standing at A, or {@code null}
 * @param household    the person's 世帯主 and 続柄 at A, or {@code null} (none kept; added by issue
 *                     #13, older readers ignore it); for B's clerk, who enters the household at B
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MoveOutCertificate(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination,
                                 IdentityInformation identity, LocalDate plannedDate, LocalDate notifiedDate,
                                 Address newAddress, boolean cardBased, DvProtection dvProtection,
                                 HouseholdItem household)
        implements MoveMessage {

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public MoveOutCertificate {
        MoveMessage.requireMove(moveId, origin, destination);
        if (identity == null) {
            throw new InvalidValueException("identity", "the person's identity information is required");
        }
        if (!identity.municipality().equals(origin)) {
            throw new InvalidValueException("identity.municipality", "must be the origin");
        }
        if (!identity.active()) {
            throw new InvalidValueException("identity.status", "a removed (消除) record cannot move out");
        }
        if (plannedDate == null) {
            throw new InvalidValueException("plannedDate", "転出予定年月日 (planned date) is required");
        }
        if (notifiedDate == null) {
            throw new InvalidValueException("notifiedDate", "届出年月日 (notified date) is required");
        }
        if (newAddress == null) {
            throw new InvalidValueException("newAddress", "転出先住所 (address at the destination) is required");
        }
    }

    /** A certificate without the household item (the shape before issue #13). */
    public MoveOutCertificate(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination,
                              IdentityInformation identity, LocalDate plannedDate, LocalDate notifiedDate,
                              Address newAddress, boolean cardBased, DvProtection dvProtection) {
        this(moveId, origin, destination, identity, plannedDate, notifiedDate, newAddress, cardBased, dvProtection, null);
    }

    @Override
    public ResidentCode residentCode() {
        return identity.residentCode();
    }

    /** Shows keys only: the identity holds personal data. */
    @Override
    public String toString() {
        return "MoveOutCertificate[moveId=" + moveId + ", origin=" + origin + ", destination=" + destination
                + ", cardBased=" + cardBased + ", dvProtection=" + (dvProtection != null) + "]";
    }
}
