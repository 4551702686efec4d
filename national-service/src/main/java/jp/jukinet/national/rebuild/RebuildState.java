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
 * <p>Decided at start: a server whose {@code rebuild_state} says {@code REBUILDING} stays so; a
 * server whose register is empty (no resident, no history, no allocated code, no notice ever
 * received) enters {@code REBUILDING} when {@code jukinet.national.rebuild.start} is set. An
 * operator enters it on a running server whose register is empty ({@link #enter}).
 */
@Component
public class RebuildState {

    public enum State { SERVING, REBUILDING }

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
        } else if (stored == null && settings.start() && registerEmpty()) {
            enter();
        } else {
            state = State.SERVING;
        }
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
        jdbc.sql("""
                INSERT INTO rebuild_state (id, state, entered_at) VALUES (1, 'REBUILDING', :now)
                ON CONFLICT (id) DO UPDATE SET state = 'REBUILDING', entered_at = :now, finished_at = NULL""")
                .param("now", Timestamp.from(Instant.now())).update();
        state = State.REBUILDING;
        log.warn("J-LIS entered REBUILDING: its register is empty and is rebuilt from the prefecture servers; "
                + "notices, numbering and lookups answer 503 until the rebuild finishes");
        return true;
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
