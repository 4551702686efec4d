package jp.jukinet.cs.registration;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.code.ResidentCode;

/**
 * A 届出 as the clerk's system sends it.
 *
 * @param type          what happened
 * @param effectiveDate 異動年月日: when it took effect (for a move abroad, the planned date)
 * @param notifiedDate  届出年月日; today (Japan time) when absent
 * @param residentCode  whose record changes; absent for a birth or a first registration
 * @param person        the person's new data: all of it for a new resident, only what changes otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NotificationRequest(NotificationType type, LocalDate effectiveDate, LocalDate notifiedDate,
                           ResidentCode residentCode, PersonData person) {
}
