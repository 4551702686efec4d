package jp.jukinet.model.notice;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;

/**
 * The notice of one committed change to a person's identity information, sent up the chain
 * (CS → prefecture server → national server) and to other subscribers.
 *
 * <p>Delivery is at least once; receivers are idempotent by ({@code source}, {@code sequence})
 * and apply a source's notices in sequence order. {@code changeId} identifies the change
 * itself wherever it travels.
 *
 * <p>Versioning: writers put {@link #CURRENT_VERSION}; readers accept any version ≥ 1 and
 * ignore fields they do not know, at the top level and in nested records, so a newer writer
 * may add fields without breaking an older reader. Removing or re-purposing a field needs a
 * new notice type, not a new version.
 *
 * <p>Contract (refusals name the JSON field):
 * <ul>
 *   <li>every component except the two {@code previous…} ones is required;
 *       {@code schemaVersion ≥ 1}, {@code sequence ≥ 1};</li>
 *   <li>{@code residentCode}, {@code reason}, {@code effectiveDate} and {@code notifiedDate}
 *       repeat the identity snapshot (so a receiver can route and index without unpacking it)
 *       and must agree with it;</li>
 *   <li>{@code previousResidentCode} is present exactly for {@link ChangeReason#RESIDENT_CODE_CHANGE}
 *       and differs from the new code; {@code previousMyNumber} is present exactly for
 *       {@link ChangeReason#MY_NUMBER_CHANGE} and differs from the new number.</li>
 * </ul>
 *
 * @param schemaVersion        version of this notice format the writer used
 * @param changeId             unique id of the change
 * @param source               the node that committed the change and numbered the notice
 * @param sequence             position in the source's notice stream, from 1 without gaps
 * @param residentCode         whose record changed (after the change)
 * @param reason               異動事由
 * @param effectiveDate        異動年月日
 * @param notifiedDate         届出年月日
 * @param committedAt          when the source committed the change
 * @param identity             the identity information after the change
 * @param previousResidentCode the code replaced by a resident code change, else {@code null}
 * @param previousMyNumber     the number replaced by a My Number change, else {@code null}
 * @param resync               present only on a RESYNC notice (整合性確認's repair, docs/architecture.md
 *                             F8): {@code identity} is then the sender's current record, sent again, and
 *                             the receiver replaces its record with it; {@code changeId} is the notice's
 *                             own id and {@link Resync#lastChangeId} the record's version. Absent (not
 *                             written) on every ordinary change notice, so older readers see nothing new.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeNotice(int schemaVersion, UUID changeId, NodeId source, long sequence,
                           ResidentCode residentCode, ChangeReason reason, LocalDate effectiveDate,
                           LocalDate notifiedDate, Instant committedAt, IdentityInformation identity,
                           ResidentCode previousResidentCode, MyNumber previousMyNumber,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Resync resync) {

    /**
     * What makes a notice a RESYNC: the version of the record it carries, the id of the record's last
     * change, which every tier holding the same record holds as its {@code last_change_id}.
     */
    public record Resync(UUID lastChangeId) {
        /** @throws InvalidValueException when {@code lastChangeId} is missing */
        public Resync {
            if (lastChangeId == null) {
                throw new InvalidValueException("resync.lastChangeId", "resync.lastChangeId is required");
            }
        }
    }

    /** An ordinary change notice (no {@link #resync}). */
    public ChangeNotice(int schemaVersion, UUID changeId, NodeId source, long sequence,
                        ResidentCode residentCode, ChangeReason reason, LocalDate effectiveDate,
                        LocalDate notifiedDate, Instant committedAt, IdentityInformation identity,
                        ResidentCode previousResidentCode, MyNumber previousMyNumber) {
        this(schemaVersion, changeId, source, sequence, residentCode, reason, effectiveDate, notifiedDate,
                committedAt, identity, previousResidentCode, previousMyNumber, null);
    }

    /** The version this code writes. */
    public static final int CURRENT_VERSION = 1;

    /** @throws InvalidValueException when the contract above is broken */
    public ChangeNotice {
        if (schemaVersion < 1) {
            throw new InvalidValueException("schemaVersion", "schema version must be 1 or higher");
        }
        require(changeId, "changeId");
        require(source, "source");
        if (sequence < 1) {
            throw new InvalidValueException("sequence", "sequence must be 1 or higher");
        }
        require(residentCode, "residentCode");
        require(reason, "reason");
        require(effectiveDate, "effectiveDate");
        require(notifiedDate, "notifiedDate");
        require(committedAt, "committedAt");
        require(identity, "identity");
        if (!residentCode.equals(identity.residentCode())) {
            throw new InvalidValueException("residentCode", "does not match identity.residentCode");
        }
        ChangeInformation change = identity.change();
        if (reason != change.reason()) {
            throw new InvalidValueException("reason", "does not match identity.change.reason");
        }
        if (!effectiveDate.equals(change.effectiveDate())) {
            throw new InvalidValueException("effectiveDate", "does not match identity.change.effectiveDate");
        }
        if (!notifiedDate.equals(change.notifiedDate())) {
            throw new InvalidValueException("notifiedDate", "does not match identity.change.notifiedDate");
        }
        boolean codeChange = reason == ChangeReason.RESIDENT_CODE_CHANGE;
        if (codeChange != (previousResidentCode != null)) {
            throw new InvalidValueException("previousResidentCode", codeChange
                    ? "is required for a resident code change (住民票コードの変更)"
                    : "is allowed only for a resident code change (住民票コードの変更)");
        }
        if (codeChange && previousResidentCode.equals(residentCode)) {
            throw new InvalidValueException("previousResidentCode", "must differ from the new resident code");
        }
        boolean numberChange = reason == ChangeReason.MY_NUMBER_CHANGE;
        if (numberChange != (previousMyNumber != null)) {
            throw new InvalidValueException("previousMyNumber", numberChange
                    ? "is required for a My Number change (個人番号の変更)"
                    : "is allowed only for a My Number change (個人番号の変更)");
        }
        if (numberChange && previousMyNumber.equals(identity.myNumber())) {
            throw new InvalidValueException("previousMyNumber", "must differ from the new My Number");
        }
        if (resync != null && (previousResidentCode != null || previousMyNumber != null)) {
            throw new InvalidValueException("resync", "a RESYNC carries a current record, not a change of number");
        }
    }


    private static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
    }

    /**
     * A current-version notice whose resident code, reason and dates are taken from the
     * identity snapshot, for any change other than a change of number.
     */
    public static ChangeNotice of(UUID changeId, NodeId source, long sequence, Instant committedAt,
                                  IdentityInformation identity) {
        return of(changeId, source, sequence, committedAt, identity, null, null);
    }

    /**
     * A current-version notice whose resident code, reason and dates are taken from the
     * identity snapshot; pass the replaced number for a change of resident code or My Number.
     */
    public static ChangeNotice of(UUID changeId, NodeId source, long sequence, Instant committedAt,
                                  IdentityInformation identity, ResidentCode previousResidentCode,
                                  MyNumber previousMyNumber) {
        if (identity == null) {
            throw new InvalidValueException("identity", "identity is required");
        }
        ChangeInformation change = identity.change();
        return new ChangeNotice(CURRENT_VERSION, changeId, source, sequence, identity.residentCode(),
                change.reason(), change.effectiveDate(), change.notifiedDate(), committedAt, identity,
                previousResidentCode, previousMyNumber);
    }
}
