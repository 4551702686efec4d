package jp.jukinet.model.copy;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.household.HouseholdItem;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;

/**
 * The contents of a wide-area copy of a resident record, as the holder (A) writes them. Never
 * 本籍・筆頭者; {@code residentCode}, {@code myNumber} and {@code history} only when the request asked
 * for them (absent otherwise).
 *
 * @param holder         the municipality whose register holds the record
 * @param residentSince  住民となった年月日: when the person became a resident of the holder
 * @param addressSince   住所を定めた年月日: when the person took up the current address
 * @param lastChange     the last change recorded (異動事由 and dates)
 * @param plannedMoveOut the 転出予定 (destination and planned date) when a move-out is registered
 * @param household      世帯主 and 続柄, only when the request asked for {@link RecordCopyItem#HOUSEHOLD}
 *                       and the holder keeps the person in a household (added by issue #13; older
 *                       readers ignore it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordCopy(LocalGovernmentCode holder, PersonName name, LocalDate dateOfBirth, Sex sex,
                         Address address, LocalDate residentSince, LocalDate addressSince,
                         ChangeInformation lastChange, ResidentCode residentCode, MyNumber myNumber,
                         List<HistoryItem> history, PlannedMoveOut plannedMoveOut, HouseholdItem household) {

    public RecordCopy {
        if (holder == null || name == null || dateOfBirth == null || sex == null || address == null
                || lastChange == null) {
            throw new InvalidValueException("copy", "holder, name, dateOfBirth, sex, address and lastChange are required");
        }
        history = history == null ? null : List.copyOf(history);
    }

    /** A copy without the household item (the shape before issue #13). */
    public RecordCopy(LocalGovernmentCode holder, PersonName name, LocalDate dateOfBirth, Sex sex,
                      Address address, LocalDate residentSince, LocalDate addressSince,
                      ChangeInformation lastChange, ResidentCode residentCode, MyNumber myNumber,
                      List<HistoryItem> history, PlannedMoveOut plannedMoveOut) {
        this(holder, name, dateOfBirth, sex, address, residentSince, addressSince, lastChange, residentCode, myNumber,
                history, plannedMoveOut, null);
    }

    /** Shows no personal data. */
    @Override
    public String toString() {
        return "RecordCopy[holder=" + holder + ", history=" + (history != null) + "]";
    }

    /** One recorded change, with the address after it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HistoryItem(ChangeReason reason, String reasonLabel, LocalDate effectiveDate, LocalDate notifiedDate,
                              Address address) {
    }

    /** 転出予定: where to and when. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlannedMoveOut(LocalGovernmentCode destination, LocalDate plannedDate) {
    }
}
