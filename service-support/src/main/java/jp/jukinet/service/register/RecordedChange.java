package jp.jukinet.service.register;

import java.time.Instant;
import java.util.UUID;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.notice.NodeId;

/**
 * One change to record in a register: the identity information after it, where it came from,
 * and for a change of number the number it replaced.
 *
 * @param sourceSequence the source's sequence number of the notice, {@code null} for a change
 *                       committed by this node itself (a CS registration)
 */
public record RecordedChange(UUID changeId, NodeId source, Long sourceSequence, Instant recordedAt,
                             IdentityInformation identity, ResidentCode previousResidentCode,
                             MyNumber previousMyNumber) {

    /** Shows keys only: the identity holds personal data. */
    @Override
    public String toString() {
        return "RecordedChange[changeId=" + changeId + ", source=" + source + ", sequence=" + sourceSequence
                + ", identity=" + identity + "]";
    }
}
