package jp.jukinet.model.copy;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.NameNormalizer;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.TextRules;

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
     * Who asks for the copy, as C's clerk read it from the identity document the requester showed
     * at the counter (本人確認書類): the person or a member of their household (第12条の4 第1項). The
     * holder decides from its own register whether these are the person or a member of their
     * household; a resident code alone never suffices.
     *
     * @param residentCode     the requester's resident code
     * @param family           the requester's family name as on the document
     * @param given            the requester's given name as on the document
     * @param dateOfBirth      the requester's date of birth as on the document
     * @param identityDocument the kind of document C's clerk checked
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Requester(ResidentCode residentCode, String family, String given, LocalDate dateOfBirth,
                            IdentityDocument identityDocument) {

        public Requester {
            if (residentCode == null) {
                throw new InvalidValueException("requester.residentCode", "the requester's resident code is required");
            }
            family = TextRules.required(family, "requester.family", "氏 (family name) as on the identity document",
                    PersonName.MAX_LENGTH);
            given = TextRules.required(given, "requester.given", "名 (given name) as on the identity document",
                    PersonName.MAX_LENGTH);
            if (dateOfBirth == null) {
                throw new InvalidValueException("requester.dateOfBirth",
                        "生年月日 (date of birth) as on the identity document is required");
            }
            if (identityDocument == null) {
                throw new InvalidValueException("requester.identityDocument",
                        "the identity document checked at the counter is required (" + IdentityDocument.names() + ")");
            }
        }

        /** The name as the registers compare it (see {@link NameNormalizer}). */
        public String normalizedName() {
            return NameNormalizer.normalize(family + given);
        }

        @Override
        public String toString() {
            return "Requester[identityDocument=" + identityDocument + "]";
        }
    }

    /** The identity documents a counter accepts for a wide-area copy (本人確認書類), each with a photograph. */
    public enum IdentityDocument {
        /** 個人番号カード */
        MY_NUMBER_CARD,
        /** 運転免許証 */
        DRIVERS_LICENSE,
        /** 旅券 */
        PASSPORT,
        /** 在留カード */
        RESIDENCE_CARD,
        /** 特別永住者証明書 */
        SPECIAL_PERMANENT_RESIDENT_CERTIFICATE;

        static String names() {
            return java.util.Arrays.stream(values()).map(Enum::name).collect(java.util.stream.Collectors.joining(", "));
        }
    }
}
