package jp.jukinet.service.register;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;

/** One row of a resident's history as a register holds it. */
public record HistoryEntry(UUID changeId, ChangeReason reason, LocalDate effectiveDate, LocalDate notifiedDate,
                           Instant recordedAt, String source, Long sourceSequence, LocalDate retentionUntil,
                           IdentityInformation identity) {

    @Override
    public String toString() {
        return "HistoryEntry[changeId=" + changeId + ", reason=" + reason + ", source=" + source + "]";
    }
}
