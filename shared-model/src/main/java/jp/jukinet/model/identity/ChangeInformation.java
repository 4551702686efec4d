package jp.jukinet.model.identity;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * Change information (変更情報): why identity information last changed, when the event took
 * effect and when it was notified. All three are required; refusals name
 * {@code change.reason}, {@code change.effectiveDate}, {@code change.notifiedDate}.
 *
 * <p>The effective date may follow the notified date: a move out (転出届) is usually notified
 * before the planned move.
 *
 * @param reason        異動事由
 * @param effectiveDate 異動年月日, the date the event took effect
 * @param notifiedDate  届出年月日, the date it was notified (or recorded ex officio)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeInformation(ChangeReason reason, LocalDate effectiveDate, LocalDate notifiedDate) {

    /** @throws InvalidValueException when a field is missing */
    public ChangeInformation {
        if (reason == null) {
            throw new InvalidValueException("change.reason", "異動事由 (change reason) is required");
        }
        if (effectiveDate == null) {
            throw new InvalidValueException("change.effectiveDate", "異動年月日 (effective date) is required");
        }
        if (notifiedDate == null) {
            throw new InvalidValueException("change.notifiedDate", "届出年月日 (notified date) is required");
        }
    }
}
