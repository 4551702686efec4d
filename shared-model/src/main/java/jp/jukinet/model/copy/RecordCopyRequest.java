package jp.jukinet.model.copy;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * The issuing municipality's (C's) request to the holder (A) for the contents of a copy of a
 * resident's record (住基法 第12条の4 第2項).
 *
 * <p>Contract (refusals name the field): every component but {@code include} is required; issuer
 * and holder differ; {@code include} is empty when absent.
 *
 * @param requestId    chosen by C, recorded at both ends
 * @param issuer       C, where the copy is requested and handed over
 * @param holder       A, whose register holds the record
 * @param residentCode whose record
 * @param requester    who asks, as C's clerk verified them (their card)
 * @param include      the items to include beyond the basic ones
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordCopyRequest(UUID requestId, LocalGovernmentCode issuer, LocalGovernmentCode holder,
                                ResidentCode residentCode, Requester requester, Set<RecordCopyItem> include) {

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public RecordCopyRequest {
        if (requestId == null) {
            throw new InvalidValueException("requestId", "request id is required");
        }
        if (issuer == null) {
            throw new InvalidValueException("issuer", "the issuing municipality is required");
        }
        if (holder == null) {
            throw new InvalidValueException("holder", "the municipality holding the record is required");
        }
        if (issuer.equals(holder)) {
            throw new InvalidValueException("holder", "the record is held here: issue an ordinary copy (住民票の写し)");
        }
        if (residentCode == null) {
            throw new InvalidValueException("residentCode", "resident code is required");
        }
        if (requester == null) {
            throw new InvalidValueException("requester", "the requester is required");
        }
        EnumSet<RecordCopyItem> items = EnumSet.noneOf(RecordCopyItem.class);
        if (include != null) {
            for (RecordCopyItem item : include) {
                if (item == null) {
                    throw new InvalidValueException("include", "unknown item");
                }
                items.add(item);
            }
        }
        include = java.util.Collections.unmodifiableSet(items);
    }

    @Override
    public String toString() {
        return "RecordCopyRequest[requestId=" + requestId + ", issuer=" + issuer + ", holder=" + holder
                + ", include=" + include + "]";
    }

    /**
     * Who asks for the copy: the person or a member of their household (第12条の4 第1項).
     *
     * @param residentCode the requester's resident code, from the card C's clerk checked
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Requester(ResidentCode residentCode) {

        public Requester {
            if (residentCode == null) {
                throw new InvalidValueException("requester.residentCode", "the requester's resident code is required");
            }
        }

        @Override
        public String toString() {
            return "Requester[…]";
        }
    }
}
