package jp.jukinet.service.register;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.notice.NodeId;
import tools.jackson.databind.json.JsonMapper;

/**
 * One change to record in a register: the identity information after it, where it came from,
 * and for a change of number the number it replaced.
 *
 * <p>A class rather than a record only so that the identity's JSON is written once however many
 * tables (history, current record, outbox) store it.
 */
public final class RecordedChange {

    private final UUID changeId;
    private final NodeId source;
    private final Long sourceSequence;
    private final Instant recordedAt;
    private final IdentityInformation identity;
    private final ResidentCode previousResidentCode;
    private final MyNumber previousMyNumber;
    private String identityJson;

    /**
     * @param sourceSequence the source's sequence number of the notice, {@code null} for a change
     *                       committed by this node itself (a CS registration)
     */
    public RecordedChange(UUID changeId, NodeId source, Long sourceSequence, Instant recordedAt,
                          IdentityInformation identity, ResidentCode previousResidentCode, MyNumber previousMyNumber) {
        this.changeId = Objects.requireNonNull(changeId, "changeId");
        this.source = Objects.requireNonNull(source, "source");
        this.sourceSequence = sourceSequence;
        this.recordedAt = Objects.requireNonNull(recordedAt, "recordedAt");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.previousResidentCode = previousResidentCode;
        this.previousMyNumber = previousMyNumber;
    }

    public UUID changeId() {
        return changeId;
    }

    public NodeId source() {
        return source;
    }

    public Long sourceSequence() {
        return sourceSequence;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    public IdentityInformation identity() {
        return identity;
    }

    public ResidentCode previousResidentCode() {
        return previousResidentCode;
    }

    public MyNumber previousMyNumber() {
        return previousMyNumber;
    }

    /** The identity information as JSON, written on first use and then reused. */
    public String identityJson(JsonMapper json) {
        if (identityJson == null) {
            identityJson = json.writeValueAsString(identity);
        }
        return identityJson;
    }

    /** Shows keys only: the identity holds personal data. */
    @Override
    public String toString() {
        return "RecordedChange[changeId=" + changeId + ", source=" + source + ", sequence=" + sourceSequence
                + ", identity=" + identity + "]";
    }
}
