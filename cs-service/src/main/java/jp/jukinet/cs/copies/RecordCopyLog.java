package jp.jukinet.cs.copies;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.copy.RecordCopyItem;
import jp.jukinet.model.copy.RecordCopyRequest;

/** The wide-area copies this CS took part in (append-only), and what the clerks read of them. */
@Repository
class RecordCopyLog {

    /** Which end of a wide-area issuance this CS was. */
    enum Role {
        HOLDER,
        ISSUER
    }

    /** Who asked, as the holder judged it. */
    enum Relationship {
        SELF,
        HOUSEHOLD,
        /** The requester gave a resident code registered here, with another name or date of birth. */
        UNVERIFIED,
        OTHER
    }

    /** Why the holder issued nothing (kept here, never sent to the issuer). */
    enum Reason {
        NOT_REGISTERED,
        REMOVED,
        DV_PROTECTED,
        NOT_HOUSEHOLD,
        /** The requester's name or date of birth are not those registered under the code they gave. */
        REQUESTER_NOT_VERIFIED
    }

    /**
     * One recorded request.
     *
     * @param relationship the holder's judgement of the requester; absent at the issuer
     * @param reason       the holder's reason for not issuing; absent at the issuer and when issued
     */
    record Entry(Instant recordedAt, UUID requestId, Role role, ResidentCode residentCode, LocalGovernmentCode holder,
                 LocalGovernmentCode issuer, ResidentCode requester, RecordCopyRequest.IdentityDocument identityDocument,
                 Relationship relationship, Set<RecordCopyItem> include, boolean issued, Reason reason,
                 boolean restrictedRequester) {

        @Override
        public String toString() {
            return "Entry[requestId=" + requestId + ", role=" + role + ", issued=" + issued + "]";
        }
    }

    private final JdbcClient jdbc;

    RecordCopyLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a request once (a retried request id is recorded once per role). */
    void record(RecordCopyRequest request, Role role, Relationship relationship, boolean issued, Reason reason,
                boolean restrictedRequester, Instant at) {
        jdbc.sql("""
                        INSERT INTO record_copy_log (recorded_at, request_id, role, resident_code, holder, issuer,
                                                     requester_resident_code, identity_document, relationship, items,
                                                     outcome, reason, restricted_requester)
                        VALUES (:at, :id, :role, :code, :holder, :issuer, :requester, :document, :relationship, :items,
                                :outcome, :reason, :restricted)
                        ON CONFLICT (request_id, role) DO NOTHING""")
                .param("at", Timestamp.from(at))
                .param("id", request.requestId())
                .param("role", role.name())
                .param("code", request.residentCode().value())
                .param("holder", request.holder().value())
                .param("issuer", request.issuer().value())
                .param("requester", request.requester().residentCode().value())
                .param("document", request.requester().identityDocument().name())
                .param("relationship", relationship == null ? null : relationship.name())
                .param("items", request.include().stream().map(Enum::name).collect(Collectors.joining(",")))
                .param("outcome", issued ? "ISSUED" : "NOT_ISSUED")
                .param("reason", reason == null ? null : reason.name())
                .param("restricted", restrictedRequester)
                .update();
    }

    /** The newest entries (about one resident, or all when {@code resident} is null). */
    List<Entry> entries(ResidentCode resident, int limit) {
        return jdbc.sql("""
                        SELECT recorded_at, request_id, role, resident_code, holder, issuer, requester_resident_code,
                               identity_document, relationship, items, outcome, reason, restricted_requester
                        FROM record_copy_log WHERE (CAST(:code AS char(11)) IS NULL OR resident_code = :code)
                        ORDER BY id DESC LIMIT :limit""")
                .param("code", resident == null ? null : resident.value())
                .param("limit", limit)
                .query((row, n) -> {
                    String relationship = row.getString("relationship");
                    String reason = row.getString("reason");
                    String items = row.getString("items");
                    String document = row.getString("identity_document");
                    EnumSet<RecordCopyItem> include = EnumSet.noneOf(RecordCopyItem.class);
                    if (!items.isEmpty()) {
                        Arrays.stream(items.split(",")).map(RecordCopyItem::valueOf).forEach(include::add);
                    }
                    return new Entry(row.getTimestamp("recorded_at").toInstant(), row.getObject("request_id", UUID.class),
                            Role.valueOf(row.getString("role")), ResidentCode.of(row.getString("resident_code")),
                            LocalGovernmentCode.of(row.getString("holder")), LocalGovernmentCode.of(row.getString("issuer")),
                            ResidentCode.of(row.getString("requester_resident_code")),
                            document == null ? null : RecordCopyRequest.IdentityDocument.valueOf(document),
                            relationship == null ? null : Relationship.valueOf(relationship),
                            include, "ISSUED".equals(row.getString("outcome")),
                            reason == null ? null : Reason.valueOf(reason), row.getBoolean("restricted_requester"));
                })
                .list();
    }
}
