package jp.jukinet.cs.moves;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.move.MoveOutCertificate;
import jp.jukinet.model.move.MoveOutWithdrawal;
import jp.jukinet.model.move.PaperMoveOutCertificate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The moves this CS takes part in, as origin ({@link OutgoingMove}) and as destination
 * ({@link IncomingMove}), and the move messages that matched nothing ({@link Anomaly}). Every
 * method runs in the caller's transaction.
 */
@Repository
public class Moves {

    /** A move message that matched nothing here or came too late, kept for the clerks. */
    public record Anomaly(Instant recordedAt, UUID moveId, ResidentCode residentCode, LocalGovernmentCode counterpart,
                          String kind) {
    }

    private static final String OUTGOING_COLUMNS = """
            move_id, resident_code, destination, planned_date, notified_date, new_address, card_based, channel,
            state, moved_on, change_id, created_at""";
    private static final String INCOMING_COLUMNS = """
            move_id, resident_code, origin, certificate, state, withdrawal_reason, change_id, received_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Moves(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // --- as the origin (A)

    public void recordMoveOut(OutgoingMove move) {
        jdbc.sql("""
                        INSERT INTO outgoing_moves (move_id, resident_code, destination, planned_date, notified_date,
                                                    new_address, card_based, channel, state, created_at, updated_at)
                        VALUES (:id, :code, :destination, :planned, :notified, :address::jsonb, :card, :channel,
                                :state, :at, :at)""")
                .param("id", move.moveId())
                .param("code", move.residentCode().value())
                .param("destination", move.destination().value())
                .param("planned", Date.valueOf(move.plannedDate()))
                .param("notified", Date.valueOf(move.notifiedDate()))
                .param("address", json.writeValueAsString(move.newAddress()))
                .param("card", move.cardBased())
                .param("channel", move.channel().name())
                .param("state", move.state().name())
                .param("at", Timestamp.from(move.createdAt()))
                .update();
    }

    /** The resident's pending move out, if any (at most one). */
    public Optional<OutgoingMove> pendingMoveOut(ResidentCode resident) {
        return jdbc.sql("SELECT " + OUTGOING_COLUMNS + " FROM outgoing_moves WHERE resident_code = :code AND state = 'PENDING'")
                .param("code", resident.value()).query(this::toOutgoing).optional();
    }

    /** Like {@link #pendingMoveOut}, locking the move until the transaction ends. */
    public Optional<OutgoingMove> pendingMoveOutForUpdate(ResidentCode resident) {
        return jdbc.sql("SELECT " + OUTGOING_COLUMNS
                        + " FROM outgoing_moves WHERE resident_code = :code AND state = 'PENDING' FOR UPDATE")
                .param("code", resident.value()).query(this::toOutgoing).optional();
    }

    public Optional<OutgoingMove> outgoingForUpdate(UUID moveId) {
        return jdbc.sql("SELECT " + OUTGOING_COLUMNS + " FROM outgoing_moves WHERE move_id = :id FOR UPDATE")
                .param("id", moveId).query(this::toOutgoing).optional();
    }

    public Optional<OutgoingMove> outgoing(UUID moveId) {
        return jdbc.sql("SELECT " + OUTGOING_COLUMNS + " FROM outgoing_moves WHERE move_id = :id")
                .param("id", moveId).query(this::toOutgoing).optional();
    }

    /** Ends a pending move out: COMPLETED (with the day moved and the removal), CANCELLED or VOIDED. */
    public void endMoveOut(UUID moveId, OutgoingMove.State state, java.time.LocalDate movedOn, UUID changeId,
                           Instant at) {
        jdbc.sql("""
                        UPDATE outgoing_moves SET state = :state, moved_on = :movedOn, change_id = :change, updated_at = :at
                        WHERE move_id = :id AND state = 'PENDING'""")
                .param("state", state.name())
                .param("movedOn", movedOn == null ? null : Date.valueOf(movedOn))
                .param("change", changeId)
                .param("at", Timestamp.from(at))
                .param("id", moveId)
                .update();
    }

    // --- as the destination (B)

    /**
     * Keeps a 転出証明書情報. A certificate that arrives after its withdrawal is kept beside it and
     * does not make the move available again.
     *
     * @return false when the move id is already taken by a move of another origin or person (the
     *         certificate is then not kept)
     */
    public boolean receiveCertificate(MoveOutCertificate certificate, Instant at) {
        return jdbc.sql("""
                        INSERT INTO incoming_moves (move_id, resident_code, origin, certificate, state, received_at, updated_at)
                        VALUES (:id, :code, :origin, :certificate::jsonb, 'AVAILABLE', :at, :at)
                        ON CONFLICT (move_id) DO UPDATE SET certificate = EXCLUDED.certificate, updated_at = EXCLUDED.updated_at
                        WHERE incoming_moves.certificate IS NULL AND incoming_moves.origin = EXCLUDED.origin
                          AND incoming_moves.resident_code = EXCLUDED.resident_code""")
                .param("id", certificate.moveId())
                .param("code", certificate.residentCode().value())
                .param("origin", certificate.origin().value())
                .param("certificate", json.writeValueAsString(certificate))
                .param("at", Timestamp.from(at))
                .update() > 0;
    }

    /**
     * Keeps a move-in registered on a paper 転出証明書 (COMPLETED at once).
     *
     * @return false when a move-in was already registered on this move (the paper was used)
     */
    public boolean recordPaperMoveIn(PaperMoveOutCertificate paper, UUID changeId, Instant at) {
        return jdbc.sql("""
                        INSERT INTO incoming_moves (move_id, resident_code, origin, paper_certificate, state, change_id,
                                                    received_at, updated_at)
                        VALUES (:id, :code, :origin, :paper::jsonb, 'COMPLETED', :change, :at, :at)
                        ON CONFLICT (move_id) DO NOTHING""")
                .param("id", paper.moveId())
                .param("code", paper.residentCode().value())
                .param("origin", paper.origin().value())
                .param("paper", json.writeValueAsString(paper))
                .param("change", changeId)
                .param("at", Timestamp.from(at))
                .update() > 0;
    }

    /** Replaces the certificate of an incoming move (DV support measures changed at the origin). */
    public void replaceCertificate(MoveOutCertificate certificate, Instant at) {
        jdbc.sql("UPDATE incoming_moves SET certificate = :certificate::jsonb, updated_at = :at WHERE move_id = :id")
                .param("certificate", json.writeValueAsString(certificate))
                .param("at", Timestamp.from(at))
                .param("id", certificate.moveId())
                .update();
    }

    public Optional<IncomingMove> incomingForUpdate(UUID moveId) {
        return jdbc.sql("SELECT " + INCOMING_COLUMNS + " FROM incoming_moves WHERE move_id = :id FOR UPDATE")
                .param("id", moveId).query(this::toIncoming).optional();
    }

    /** Every incoming move of a resident, newest first, locked until the transaction ends. */
    public List<IncomingMove> incomingForUpdate(ResidentCode resident) {
        return jdbc.sql("SELECT " + INCOMING_COLUMNS
                        + " FROM incoming_moves WHERE resident_code = :code ORDER BY received_at DESC FOR UPDATE")
                .param("code", resident.value()).query(this::toIncoming).list();
    }

    public void completeMoveIn(UUID moveId, UUID changeId, Instant at) {
        jdbc.sql("UPDATE incoming_moves SET state = 'COMPLETED', change_id = :change, updated_at = :at WHERE move_id = :id")
                .param("change", changeId).param("at", Timestamp.from(at)).param("id", moveId).update();
    }

    /** Marks an incoming move withdrawn, creating it (without certificate) when it has not arrived yet. */
    public void withdrawMoveIn(MoveOutWithdrawal withdrawal, Instant at) {
        jdbc.sql("""
                        INSERT INTO incoming_moves (move_id, resident_code, origin, state, withdrawal_reason, received_at, updated_at)
                        VALUES (:id, :code, :origin, 'WITHDRAWN', :reason, :at, :at)
                        ON CONFLICT (move_id) DO UPDATE SET state = 'WITHDRAWN', withdrawal_reason = EXCLUDED.withdrawal_reason,
                                                            updated_at = EXCLUDED.updated_at
                        WHERE incoming_moves.state = 'AVAILABLE' AND incoming_moves.origin = EXCLUDED.origin
                          AND incoming_moves.resident_code = EXCLUDED.resident_code""")
                .param("id", withdrawal.moveId())
                .param("code", withdrawal.residentCode().value())
                .param("origin", withdrawal.origin().value())
                .param("reason", withdrawal.reason().name())
                .param("at", Timestamp.from(at))
                .update();
    }

    // --- for the clerks

    public void recordAnomaly(UUID moveId, ResidentCode resident, LocalGovernmentCode counterpart, String kind,
                              Instant at) {
        jdbc.sql("""
                        INSERT INTO move_anomalies (recorded_at, move_id, resident_code, counterpart, kind)
                        VALUES (:at, :id, :code, :counterpart, :kind)""")
                .param("at", Timestamp.from(at)).param("id", moveId).param("code", resident.value())
                .param("counterpart", counterpart.value()).param("kind", kind)
                .update();
    }

    /** The newest moves out (of one resident, or of everyone when {@code resident} is null). */
    public List<OutgoingMove> outgoing(ResidentCode resident, int limit) {
        return jdbc.sql("SELECT " + OUTGOING_COLUMNS + " FROM outgoing_moves"
                        + " WHERE (CAST(:code AS char(11)) IS NULL OR resident_code = :code) ORDER BY created_at DESC LIMIT :limit")
                .param("code", resident == null ? null : resident.value()).param("limit", limit)
                .query(this::toOutgoing).list();
    }

    public List<IncomingMove> incoming(ResidentCode resident, int limit) {
        return jdbc.sql("SELECT " + INCOMING_COLUMNS + " FROM incoming_moves"
                        + " WHERE (CAST(:code AS char(11)) IS NULL OR resident_code = :code) ORDER BY received_at DESC LIMIT :limit")
                .param("code", resident == null ? null : resident.value()).param("limit", limit)
                .query(this::toIncoming).list();
    }

    public List<Anomaly> anomalies(ResidentCode resident, int limit) {
        return jdbc.sql("""
                        SELECT recorded_at, move_id, resident_code, counterpart, kind FROM move_anomalies
                        WHERE (CAST(:code AS char(11)) IS NULL OR resident_code = :code) ORDER BY id DESC LIMIT :limit""")
                .param("code", resident == null ? null : resident.value()).param("limit", limit)
                .query((row, n) -> new Anomaly(row.getTimestamp("recorded_at").toInstant(),
                        row.getObject("move_id", UUID.class), ResidentCode.of(row.getString("resident_code")),
                        LocalGovernmentCode.of(row.getString("counterpart")), row.getString("kind")))
                .list();
    }

    private OutgoingMove toOutgoing(ResultSet row, int n) throws SQLException {
        Date movedOn = row.getDate("moved_on");
        return new OutgoingMove(row.getObject("move_id", UUID.class), ResidentCode.of(row.getString("resident_code")),
                LocalGovernmentCode.of(row.getString("destination")), row.getDate("planned_date").toLocalDate(),
                row.getDate("notified_date").toLocalDate(), json.readValue(row.getString("new_address"), Address.class),
                row.getBoolean("card_based"), OutgoingMove.Channel.valueOf(row.getString("channel")),
                OutgoingMove.State.valueOf(row.getString("state")), movedOn == null ? null : movedOn.toLocalDate(),
                row.getObject("change_id", UUID.class), row.getTimestamp("created_at").toInstant());
    }

    private IncomingMove toIncoming(ResultSet row, int n) throws SQLException {
        String certificate = row.getString("certificate");
        String reason = row.getString("withdrawal_reason");
        return new IncomingMove(row.getObject("move_id", UUID.class), ResidentCode.of(row.getString("resident_code")),
                LocalGovernmentCode.of(row.getString("origin")),
                certificate == null ? null : json.readValue(certificate, MoveOutCertificate.class),
                IncomingMove.State.valueOf(row.getString("state")),
                reason == null ? null : MoveOutWithdrawal.Reason.valueOf(reason),
                row.getObject("change_id", UUID.class), row.getTimestamp("received_at").toInstant());
    }
}
