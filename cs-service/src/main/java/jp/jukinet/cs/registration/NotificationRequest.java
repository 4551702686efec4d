package jp.jukinet.cs.registration;

import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.cs.household.HouseholdRequest;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.fuhyo.PermanentDomicile;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.move.PaperMoveOutCertificate;

/**
 * A 届出 as the clerk's system sends it.
 *
 * @param type          what happened
 * @param effectiveDate 異動年月日: when it took effect (for a move out, the planned date; for a move
 *                      in, the day the person moved)
 * @param notifiedDate  届出年月日; today (Japan time) when absent
 * @param residentCode  whose record changes; absent for a birth or a first registration
 * @param person        the person's new data: all of it for a new resident, only what changes otherwise
 *                      (for a MOVE_IN only the address, when it differs from the one given at the move-out)
 * @param destination   MOVE_OUT only: the municipality and the address the person moves to
 * @param cardBased     MOVE_OUT only: the card-based move-out (特例転出 / 付記転出届, under 第24条の2 転入届の
 *                      特例): the 転出証明書情報 goes to the destination over the network; false when absent
 *                      (an ordinary 転出届: the person carries a paper 転出証明書)
 * @param cardPresented MOVE_IN only: the person presented their My Number card (required after a
 *                      card-based move-out); false when absent
 * @param moveId        MOVE_IN only, optional: the move whose 転出証明書情報 to use
 * @param moveOutCertificate MOVE_IN only, after an ordinary 転出届: the contents of the paper 転出証明書
 *                      the person brought (as its JSON or its machine-readable block gives them), checked
 *                      against J-LIS's record of the person's removal before anything is written
 * @param domicile      本籍 and 筆頭者, a CS-only item: optional with BIRTH, MOVE_IN and
 *                      MOVE_IN_FROM_ABROAD (absent: none, e.g. a foreign resident), required with
 *                      DOMICILE_CHANGE, refused otherwise
 * @param household     the household part: optional with BIRTH, MOVE_IN, MOVE_IN_FROM_ABROAD (absent: a
 *                      household of the person's own) and MOVE_WITHIN, required with HOUSEHOLD_CHANGE,
 *                      refused otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NotificationRequest(NotificationType type, LocalDate effectiveDate, LocalDate notifiedDate,
                           ResidentCode residentCode, PersonData person, Destination destination, Boolean cardBased,
                           Boolean cardPresented, UUID moveId, PaperMoveOutCertificate moveOutCertificate,
                           PermanentDomicile domicile, HouseholdRequest household) {

    NotificationRequest(NotificationType type, LocalDate effectiveDate, LocalDate notifiedDate,
                        ResidentCode residentCode, PersonData person) {
        this(type, effectiveDate, notifiedDate, residentCode, person, null, null, null, null, null, null, null);
    }

    /** A request without the CS-only items (the shape before issue #13). */
    NotificationRequest(NotificationType type, LocalDate effectiveDate, LocalDate notifiedDate,
                        ResidentCode residentCode, PersonData person, Destination destination, Boolean cardBased,
                        Boolean cardPresented, UUID moveId) {
        this(type, effectiveDate, notifiedDate, residentCode, person, destination, cardBased, cardPresented, moveId,
                null, null, null);
    }

    /** Where a person moves to (転出先). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Destination(LocalGovernmentCode municipality, Address address) {
    }
}
