package jp.jukinet.model.provision;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.identity.IdentityField;

/**
 * One provision record as the resident it is about reads it (提供状況の開示): when, to whom,
 * under which rule and for which task, which fields, and how it ended.
 *
 * @param at        when the provision was recorded
 * @param recipient the caller identity that asked, e.g. {@code agency-nenkin}
 * @param basis     the id of the rule it asked under
 * @param task      the rule's task, when the rule is still in the provider's rules file
 * @param fields    the fields provided, in {@link IdentityField} order; empty when nothing was
 * @param outcome   PROVIDED, REFUSED (the asker was not allowed), …
 * @param refusal   why it was refused; absent otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisionRecordView(Instant at, String recipient, String basis, String task, Set<IdentityField> fields,
                                  ProvisionOutcome outcome, RefusalReason refusal) {

    public ProvisionRecordView {
        EnumSet<IdentityField> ordered = EnumSet.noneOf(IdentityField.class);
        if (fields != null) {
            ordered.addAll(fields);
        }
        fields = Collections.unmodifiableSet(ordered);
    }
}
