package jp.jukinet.service.rebuild;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whether a node that is rebuilt from the tier below serves or is being rebuilt (F8): J-LIS from
 * the prefecture servers, a prefecture server from its CSs. {@code REBUILDING}: its register is
 * being loaded from its sources' snapshots, so its APIs answer 503 ({@link RebuildGate}): the
 * notices of the tier below wait in their outboxes, numbering and lookups wait. The state is kept in
 * the node's {@code rebuild_state} table, so a node restarted half-way stays closed.
 *
 * <p>Decided at start, failing closed: a node whose {@code rebuild_state} says {@code REBUILDING}
 * stays so; a node whose register is empty ({@code emptySql} answers true) enters {@code REBUILDING}
 * when {@code start} is set, and otherwise is {@code CHECKING} (closed like {@code REBUILDING}) until
 * every source has answered whether it holds anything ({@link SnapshotRebuild}): if one does, this
 * node was lost, not new, and it enters {@code REBUILDING} and waits for the operator; if none does,
 * the network is new and it serves. With no sources configured (a development network, module
 * tests) an empty register serves at once, with a warning. An operator enters {@code REBUILDING} on
 * a running node whose register is empty ({@link #enter}).
 */
public class RebuildStatus {

    public enum State { SERVING, CHECKING, REBUILDING }

    private static final Logger log = LoggerFactory.getLogger(RebuildStatus.class);

    private final JdbcClient jdbc;
    private final String node;
    private final String emptySql;
    private volatile State state;
    private volatile boolean rebuilt;

    /**
     * @param node     how the logs name this node (J-LIS, pref-13)
     * @param start    enter {@code REBUILDING} at once on an empty register
     * @param sources  the nodes it is rebuilt from; empty: an empty register serves at once
     * @param emptySql one boolean: whether the register holds nothing at all (no record, no change, no
     *                 numbering state, no notice ever received)
     */
    protected RebuildStatus(JdbcClient jdbc, String node, boolean start, List<String> sources, String emptySql) {
        this.jdbc = jdbc;
        this.node = node;
        this.emptySql = emptySql;
        String stored = jdbc.sql("SELECT state FROM rebuild_state WHERE id = 1").query(String.class).optional().orElse(null);
        rebuilt = stored != null && !"REBUILDING".equals(stored);
        if ("REBUILDING".equals(stored)) {
            state = State.REBUILDING;
            log.warn("{} is being rebuilt from {}: it answers 503 until the rebuild finishes (POST /actuator/rebuild)",
                    node, sources);
        } else if (stored == null && registerEmpty()) {
            if (start) {
                enter();
            } else if (!sources.isEmpty()) {
                state = State.CHECKING;
                log.warn("{} starts with an empty register: it answers 503 until {} have answered whether they hold "
                        + "data (then it was lost and is rebuilt) or not (a new network)", node, sources);
            } else {
                state = State.SERVING;
                log.warn("{} starts with an empty register and no sources to check it against: serving as new", node);
            }
        } else {
            state = State.SERVING;
        }
    }

    /**
     * The sources' answer while {@code CHECKING}: one of them holds data (this empty register was lost:
     * {@code REBUILDING}, until an operator rebuilds it), or none does (a new network: serving).
     * Ignored in any other state (an operator entered {@code REBUILDING} meanwhile).
     */
    public synchronized void checked(String holder) {
        if (state != State.CHECKING) {
            return;
        }
        if (holder == null) {
            state = State.SERVING;
            log.info("No source of {} holds data: it serves as a node of a new network", node);
            return;
        }
        log.error("{}'s register is empty but {} holds data: its database was lost. It stays closed (503) until an "
                + "operator rebuilds it (POST /actuator/rebuild)", node, holder);
        enterRebuilding();
    }

    public State state() {
        return state;
    }

    public boolean serving() {
        return state == State.SERVING;
    }

    /**
     * Whether this register holds changes it did not receive as notices (rebuilt from snapshots, or
     * changes taken back after a restore from a backup): some of them may then arrive again as notices,
     * which are recognised by their change id.
     */
    public boolean rebuilt() {
        return rebuilt;
    }

    /**
     * Enters {@code REBUILDING}.
     *
     * @return false when the register is not empty (a rebuild starts from nothing; it never merges into a
     *         register that holds anything) and the node is not rebuilding already
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
        log.warn("{} entered REBUILDING: its register is empty and is rebuilt from its sources; its notices, "
                + "numbering and lookups answer 503 until the rebuild finishes", node);
    }

    /** Marks the rebuild finished, in the transaction that finished it; {@link #open} after it commits. */
    public void finish() {
        jdbc.sql("UPDATE rebuild_state SET state = 'REBUILT', finished_at = :now WHERE id = 1")
                .param("now", Timestamp.from(Instant.now())).update();
    }

    public void open() {
        rebuilt = true;
        state = State.SERVING;
        log.info("{} serves again: its register was rebuilt", node);
    }

    /**
     * Records, in the caller's transaction, that this register took back changes it had sent (a node
     * restored from a backup, issue #15): from then on {@link #rebuilt} is true, as after a rebuild.
     * Needs a {@code rebuild_state} that allows the state {@code TOOK_BACK}; never on a node rebuilding.
     */
    public void tookBack() {
        jdbc.sql("""
                INSERT INTO rebuild_state (id, state, entered_at, finished_at) VALUES (1, 'TOOK_BACK', :now, :now)
                ON CONFLICT (id) DO NOTHING""")
                .param("now", Timestamp.from(Instant.now())).update();
        rebuilt = true;
    }

    private boolean registerEmpty() {
        return jdbc.sql(emptySql).query(Boolean.class).single();
    }
}
