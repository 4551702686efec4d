package jp.jukinet.national.rebuild;

import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether J-LIS serves or is being rebuilt (F8). {@code REBUILDING}: its register is being loaded
 * from the prefecture servers, so every API answers 503 ({@link RebuildGate}): the prefectures'
 * notices wait in their outboxes, numbering and lookups wait. The state is kept in
 * {@code rebuild_state}, so a server restarted half-way stays closed.
 *
 * <p>Decided at start, failing closed: a server whose {@code rebuild_state} says {@code REBUILDING}
 * stays so; a server whose register is empty (no resident, no history, no allocated code, no notice
 * ever received) enters {@code REBUILDING} when {@code jukinet.national.rebuild.start} is set, and
 * otherwise is {@code CHECKING} (closed like {@code REBUILDING}) until every prefecture of
 * {@code jukinet.national.rebuild.sources} has answered whether it holds anything
 * ({@link NationalRebuild}): if one does, J-LIS was lost, not new, and it enters {@code REBUILDING}
 * and waits for the operator; if none does, the network is new and it serves. With no sources
 * configured (a development network, module tests) an empty register serves at once, with a
 * warning. An operator enters {@code REBUILDING} on a running server whose register is empty
 * ({@link #enter}).
 */
@Component
public class RebuildState {

    public enum State { SERVING, CHECKING, REBUILDING }

    private static final Logger log = LoggerFactory.getLogger(RebuildState.class);

    private final JdbcClient jdbc;
    private volatile State state;
    private volatile boolean rebuilt;

    RebuildState(JdbcClient jdbc, RebuildSettings settings) {
        this.jdbc = jdbc;
        String stored = jdbc.sql("SELECT state FROM rebuild_state WHERE id = 1").query(String.class).optional().orElse(null);
        rebuilt = "REBUILT".equals(stored);
        if ("REBUILDING".equals(stored)) {
            state = State.REBUILDING;
            log.warn("J-LIS is being rebuilt from the prefecture servers: it answers 503 until the rebuild finishes "
                    + "(POST /actuator/rebuild)");
        } else if (stored == null && registerEmpty()) {
            if (settings.start()) {
                enter();
            } else if (!settings.sources().isEmpty()) {
                state = State.CHECKING;
                log.warn("J-LIS starts with an empty register: it answers 503 until the prefecture servers {} have "
                        + "answered whether they hold data (then it was lost and is rebuilt) or not (a new network)",
                        settings.sources());
            } else {
                state = State.SERVING;
                log.warn("J-LIS starts with an empty register and no prefectures to check it against "
                        + "(jukinet.national.rebuild.sources): serving as a new national server");
            }
        } else {
            state = State.SERVING;
        }
    }

    /**
     * The prefectures' answer while {@code CHECKING}: one of them holds data (this empty register was
     * lost: {@code REBUILDING}, until an operator rebuilds it), or none does (a new network: serving).
     * Ignored in any other state (an operator entered {@code REBUILDING} meanwhile).
     */
    synchronized void checked(String holder) {
        if (state != State.CHECKING) {
            return;
        }
        if (holder == null) {
            state = State.SERVING;
            log.info("No prefecture server holds data: J-LIS serves as the national server of a new network");
            return;
        }
        log.error("J-LIS's register is empty but {} holds data: the national database was lost. J-LIS stays closed "
                + "(503) until an operator rebuilds it from the prefecture servers (POST /actuator/rebuild)", holder);
        enterRebuilding();
    }

    public State state() {
        return state;
    }

    public boolean serving() {
        return state == State.SERVING;
    }

    /** Whether this register was rebuilt from the prefectures (some of its changes may then arrive again as notices). */
    public boolean rebuilt() {
        return rebuilt;
    }

    /**
     * Enters {@code REBUILDING}.
     *
     * @return false when the register is not empty (a rebuild starts from nothing; it never merges into a
     *         register that holds anything) and the server is not rebuilding already
     */
    public synchronized boolean enter() {
        if (state == State.REBUILDING) {
            return true;
        }
        if (!registerEmpty()) {
            return false;
        }
        enterRebuilding();
        return true;
    }

    private void enterRebuilding() {
        jdbc.sql("""
                INSERT INTO rebuild_state (id, state, entered_at) VALUES (1, 'REBUILDING', :now)
                ON CONFLICT (id) DO UPDATE SET state = 'REBUILDING', entered_at = :now, finished_at = NULL""")
                .param("now", Timestamp.from(Instant.now())).update();
        state = State.REBUILDING;
        log.warn("J-LIS entered REBUILDING: its register is empty and is rebuilt from the prefecture servers; "
                + "notices, numbering and lookups answer 503 until the rebuild finishes");
    }

    /** Marks the rebuild finished, in the transaction that finished it; {@link #open} after it commits. */
    void finish() {
        jdbc.sql("UPDATE rebuild_state SET state = 'REBUILT', finished_at = :now WHERE id = 1")
                .param("now", Timestamp.from(Instant.now())).update();
    }

    void open() {
        rebuilt = true;
        state = State.SERVING;
        log.info("J-LIS serves again: its register was rebuilt from the prefecture servers");
    }

    private boolean registerEmpty() {
        return jdbc.sql("""
                SELECT NOT EXISTS (SELECT 1 FROM residents) AND NOT EXISTS (SELECT 1 FROM resident_history)
                   AND NOT EXISTS (SELECT 1 FROM allocated_resident_codes) AND NOT EXISTS (SELECT 1 FROM resident_code_blocks)
                   AND NOT EXISTS (SELECT 1 FROM issued_my_numbers) AND NOT EXISTS (SELECT 1 FROM inbound_progress)""")
                .query(Boolean.class).single();
    }
}
