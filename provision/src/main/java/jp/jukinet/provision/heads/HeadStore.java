package jp.jukinet.provision.heads;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.service.web.Refusal;

/**
 * The heads other nodes signed and pushed here ({@code provision_heads_held}), forward only, and
 * the heads that contradicted them ({@code provision_head_conflicts}), kept as evidence.
 *
 * <p>{@link #receive} accepts a head only from the node that owns the chain (the caller the
 * gateway verified, F10), only with that node's signature, and only forward: a head whose seq is
 * below the last one held, or whose owner's chain gives another hash at the seq held (its signed
 * witness, or the head itself at the same seq), is not accepted but kept as a conflict and
 * reported. A push whose witness is not at the seq held is refused (409, nothing kept): the
 * sender asks what is held ({@link #held}) and signs again.
 */
public class HeadStore {

    private static final Logger log = LoggerFactory.getLogger(HeadStore.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final HeadKeys keys;
    private final Clock clock;

    public HeadStore(JdbcClient jdbc, TransactionTemplate transactions, HeadKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Receives {@code head} from {@code caller}.
     *
     * @throws Refusal FORBIDDEN ({@code owner}) when the caller is not the head's owner or not a node
     *                 this node exchanges heads with; INVALID ({@code signature}) when the owner's key
     *                 did not sign it; CONFLICT ({@code witnessSeq}) when its witness is not at the
     *                 seq held here (nothing kept: ask {@link #held} and sign again)
     */
    public HeadReceipt receive(String caller, SignedHead head) {
        if (!head.owner().equals(caller)) {
            // a node's heads come from that node alone: a prefecture cannot vouch for J-LIS's chain or another's
            throw Refusal.forbidden("owner", caller + " may not push heads of " + head.owner() + "'s chain");
        }
        var key = keys.publicKey(head.owner()).filter(k -> !head.owner().equals(keys.node()));
        if (key.isEmpty()) {
            throw Refusal.forbidden("owner", keys.node() + " keeps no heads of " + head.owner());
        }
        if (!head.signedBy(key.get())) {
            throw Refusal.invalid("signature", "not " + head.owner() + "'s signature of this head (checked with its "
                    + "public key from the PKI)");
        }
        return transactions.execute(status -> {
            // one receiver at a time per owner: the check of the last head and the insert are one step
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('provision_heads_held'), hashtext(:owner))")
                    .param("owner", head.owner()).query((row, n) -> 1).list();
            Optional<SignedHead> last = latest(head.owner());
            Instant now = clock.instant();
            if (last.isEmpty()) {
                if (head.witnessSeq() != 0) {
                    throw Refusal.conflict("witnessSeq", "no head of " + head.owner() + " is held here: the witness is seq 0");
                }
                insert(head, now);
                return new HeadReceipt(HeadReceipt.ACCEPTED, head.seq());
            }
            SignedHead held = last.get();
            if (head.seq() < held.seq()) {
                return conflict(HeadConflict.REGRESSION, held, head, now);
            }
            if (head.seq() == held.seq()) {
                return head.hash().equals(held.hash()) ? new HeadReceipt(HeadReceipt.ALREADY_HELD, held.seq())
                        : conflict(HeadConflict.REWRITE, held, head, now);
            }
            if (head.witnessSeq() != held.seq()) {
                throw Refusal.conflict("witnessSeq", "the head of " + head.owner() + " held here is at seq " + held.seq()
                        + ": sign the chain's hash there as the witness");
            }
            if (!head.witnessHash().equals(held.hash())) {
                return conflict(HeadConflict.REWRITE, held, head, now);
            }
            insert(head, now);
            return new HeadReceipt(HeadReceipt.ACCEPTED, head.seq());
        });
    }

    private HeadReceipt conflict(String kind, SignedHead held, SignedHead head, Instant now) {
        jdbc.sql("""
                        INSERT INTO provision_head_conflicts (owner, kind, held_seq, held_hash, seq, hash, signed_at,
                                                              witness_seq, witness_hash, signature, detected_at)
                        VALUES (:owner, :kind, :heldSeq, :heldHash, :seq, :hash, :signedAt, :witnessSeq, :witnessHash,
                                :signature, :now)""")
                .param("owner", head.owner()).param("kind", kind).param("heldSeq", held.seq())
                .param("heldHash", held.hashBytes()).param("seq", head.seq()).param("hash", head.hashBytes())
                .param("signedAt", utc(head.signedAt())).param("witnessSeq", head.witnessSeq())
                .param("witnessHash", head.witnessHashBytes()).param("signature", head.signatureBytes())
                .param("now", utc(now))
                .update();
        // seqs only: a head holds no personal data, but the log says what an operator must look at
        log.error("Provision chain of {} contradicts the head held here: {} (held seq {}, received seq {} witness seq {}); "
                + "kept as evidence", head.owner(), kind, held.seq(), head.seq(), head.witnessSeq());
        return new HeadReceipt(kind, held.seq());
    }

    private void insert(SignedHead head, Instant now) {
        jdbc.sql("""
                        INSERT INTO provision_heads_held (owner, seq, hash, signed_at, witness_seq, witness_hash, signature,
                                                          received_at)
                        VALUES (:owner, :seq, :hash, :signedAt, :witnessSeq, :witnessHash, :signature, :now)""")
                .param("owner", head.owner()).param("seq", head.seq()).param("hash", head.hashBytes())
                .param("signedAt", utc(head.signedAt())).param("witnessSeq", head.witnessSeq())
                .param("witnessHash", head.witnessHashBytes()).param("signature", head.signatureBytes())
                .param("now", utc(now))
                .update();
    }

    /** The last head of {@code owner} held here. */
    public Optional<SignedHead> latest(String owner) {
        return jdbc.sql("""
                        SELECT owner, seq, hash, signed_at, witness_seq, witness_hash, signature FROM provision_heads_held
                        WHERE owner = :owner ORDER BY seq DESC LIMIT 1""")
                .param("owner", owner).query(HeadStore::head).optional();
    }

    /** What is held of {@code owner}'s chain: every head (or the last only), oldest first, and every conflict. */
    public HeldHeads held(String owner, boolean latestOnly) {
        List<SignedHead> heads = latestOnly ? latest(owner).stream().toList()
                : jdbc.sql("""
                        SELECT owner, seq, hash, signed_at, witness_seq, witness_hash, signature FROM provision_heads_held
                        WHERE owner = :owner ORDER BY seq""")
                .param("owner", owner).query(HeadStore::head).list();
        return new HeldHeads(keys.node(), owner, heads, conflicts(owner));
    }

    /** The conflicts found in {@code owner}'s heads, oldest first. */
    public List<HeadConflict> conflicts(String owner) {
        return jdbc.sql("""
                        SELECT kind, held_seq, held_hash, owner, seq, hash, signed_at, witness_seq, witness_hash, signature,
                               detected_at
                        FROM provision_head_conflicts WHERE owner = :owner ORDER BY id""")
                .param("owner", owner)
                .query((row, n) -> new HeadConflict(row.getString("kind"), row.getLong("held_seq"),
                        SignedHead.hex(row.getBytes("held_hash")), head(row, n),
                        row.getObject("detected_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** How many conflicts are held here, about every owner. */
    public long conflictCount() {
        return jdbc.sql("SELECT count(*) FROM provision_head_conflicts").query(Long.class).single();
    }

    private static SignedHead head(ResultSet row, int n) throws SQLException {
        return new SignedHead(row.getString("owner"), row.getLong("seq"), SignedHead.hex(row.getBytes("hash")),
                row.getObject("signed_at", OffsetDateTime.class).toInstant(), row.getLong("witness_seq"),
                SignedHead.hex(row.getBytes("witness_hash")),
                java.util.Base64.getEncoder().encodeToString(row.getBytes("signature")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
