package jp.jukinet.provision;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.RefusalReason;

/**
 * One provision to record (F7): who asked, under which rule, about whom, by which key, which
 * fields they got, and how it ended. The time and the place in the chain are given when it is
 * appended.
 *
 * @param resident the person it was about; {@code null} when no one, or several people, matched
 * @param fields   the fields provided; empty unless the outcome is PROVIDED
 * @param refusal  why it was refused; {@code null} unless the outcome is REFUSED
 */
public record ProvisionRecord(String recipient, String basis, ResidentCode resident, LookupKey key,
                              Set<IdentityField> fields, ProvisionOutcome outcome, RefusalReason refusal) {

    public ProvisionRecord {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == ProvisionOutcome.INVALID || outcome == ProvisionOutcome.FAILED) {
            throw new IllegalArgumentException(outcome + " is not a provision and is not recorded");
        }
        if ((outcome == ProvisionOutcome.REFUSED) != (refusal != null)) {
            throw new IllegalArgumentException("a refusal reason goes with outcome REFUSED, and only with it");
        }
        EnumSet<IdentityField> ordered = EnumSet.noneOf(IdentityField.class);
        if (fields != null) {
            ordered.addAll(fields);
        }
        if (outcome != ProvisionOutcome.PROVIDED && !ordered.isEmpty()) {
            throw new IllegalArgumentException("only a provision that provided something lists fields");
        }
        fields = Collections.unmodifiableSet(ordered);
    }

    /** The fields as stored: names in {@link IdentityField} order, comma-separated, empty when none. */
    String fieldList() {
        return String.join(",", fields.stream().map(Enum::name).toList());
    }

    /** Shows no resident code: it is personal data. */
    @Override
    public String toString() {
        return "ProvisionRecord[recipient=" + recipient + ", basis=" + basis + ", key=" + key + ", outcome=" + outcome
                + (refusal == null ? "" : ", refusal=" + refusal) + "]";
    }
}
