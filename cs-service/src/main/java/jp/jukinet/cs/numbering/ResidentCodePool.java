package jp.jukinet.cs.numbering;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.ResidentCodeBlock;

/**
 * Hands out resident codes from the blocks the national server allocated to this municipality:
 * each block a list of codes drawn at random, given out in the block's order. Codes are taken in
 * their own short transaction, so concurrent registrations never get the same code; a
 * registration that then fails leaves an unused code behind, never a reused one. Concurrent takes
 * wait for the block's row lock rather than skip it: skipping made every concurrent registration
 * that found the block busy fetch a block of its own (12 blocks of 1,000 codes for 100 births at
 * 12 clerks, measured), wasting the municipality's codes.
 *
 * <p><b>After a restore from a backup (issue #15).</b> A CS restored from a backup has its pool as
 * it was then, and would hand out again, in the same order, the codes it gave out after the backup.
 * So the pool never hands out a code of a block it held before it knew that its notice stream
 * continues what its prefecture holds: the first take while the stream is not yet verified burns
 * every code left in the blocks it has ({@link #burnAll}) and takes a fresh block from J-LIS, which
 * never allocates a code twice; and taking back the lost notices burns them too. The cost is the
 * codes left in the blocks at a restart (J-LIS allocated them to this municipality only, so no one
 * else is short of them); a birth needs J-LIS for its My Number anyway, so no registration that
 * would have gone through is refused.
 */
public class ResidentCodePool {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Numbering numbering;
    private final int blockSize;
    private final Object allocation = new Object();
    private final BooleanSupplier streamVerified;
    private volatile boolean burnedSinceStart;

    /** How often a take under the allocation turn may find the pool empty (and fetch a block) before the pool gives up. */
    private static final int MAX_FRUITLESS_BLOCKS = 3;

    public ResidentCodePool(JdbcClient jdbc, TransactionTemplate transactions, Numbering numbering, int blockSize) {
        this(jdbc, transactions, numbering, blockSize, () -> true);
    }

    /**
     * @param streamVerified whether this node's notice stream is known, since it started, to continue
     *                       what its prefecture holds (see NoticePublisher.Lineage); until then the pool
     *                       hands out codes of fresh blocks only
     */
    public ResidentCodePool(JdbcClient jdbc, TransactionTemplate transactions, Numbering numbering, int blockSize,
                            BooleanSupplier streamVerified) {
        this.streamVerified = streamVerified;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.numbering = numbering;
        this.blockSize = blockSize;
    }

    /**
     * The next unused resident code, fetching a new block from the national server when the pool is
     * empty. Only one caller at a time fetches a block, and only after it has seen the pool empty
     * while holding that turn, so concurrent registrations do not each fetch a block of their own.
     */
    public ResidentCode next() {
        return next(1).get(0);
    }

    /**
     * {@code count} unused resident codes, taken in as few transactions as the pool allows (a batch
     * of births numbers its people together); fetches blocks as {@link #next()} does.
     */
    public List<ResidentCode> next(int count) {
        if (!burnedSinceStart && !streamVerified.getAsBoolean()) {
            synchronized (allocation) {
                if (!burnedSinceStart) {
                    burnAll();
                    burnedSinceStart = true;
                }
            }
        }
        List<ResidentCode> taken = new ArrayList<>(count);
        taken.addAll(transactions.execute(status -> takeUpTo(count)));
        int fruitlessBlocks = 0;
        while (taken.size() < count) {
            synchronized (allocation) {
                int before = taken.size();
                taken.addAll(transactions.execute(status -> takeUpTo(count - taken.size())));
                if (taken.size() == before && fruitlessBlocks++ == MAX_FRUITLESS_BLOCKS) {
                    throw new IllegalStateException("no resident code could be taken after fetching new blocks");
                }
                if (taken.size() < count) {
                    allocate();
                }
            }
        }
        return taken;
    }

    private List<ResidentCode> takeUpTo(int count) {
        List<ResidentCode> taken = new ArrayList<>(count);
        while (taken.size() < count) {
            List<ResidentCode> codes = take(count - taken.size());
            if (codes.isEmpty()) {
                break;
            }
            taken.addAll(codes);
        }
        return taken;
    }

    /**
     * Gives up every code left in the blocks the pool holds (in the caller's transaction, if any):
     * they may have been handed out after the backup this node was restored from. The next take
     * fetches a fresh block.
     *
     * @return how many codes were given up
     */
    public int burnAll() {
        return jdbc.sql("""
                        UPDATE resident_code_pool_blocks b SET next_position = size
                        FROM (SELECT block_id, size - next_position AS remaining FROM resident_code_pool_blocks
                              WHERE next_position < size FOR UPDATE) l
                        WHERE b.block_id = l.block_id RETURNING l.remaining""")
                .query(Integer.class).list().stream().mapToInt(Integer::intValue).sum();
    }

    private void allocate() {
        ResidentCodeBlock block = numbering.allocateBlock(blockSize);
        transactions.executeWithoutResult(status -> {
            int inserted = jdbc.sql("""
                            INSERT INTO resident_code_pool_blocks (block_id, size, allocated_at)
                            VALUES (:id, :size, :at) ON CONFLICT (block_id) DO NOTHING""")
                    .param("id", block.blockId())
                    .param("size", block.size())
                    .param("at", Timestamp.from(Instant.now()))
                    .update();
            if (inserted == 0) {
                return;
            }
            jdbc.sql("""
                            INSERT INTO resident_code_pool (block_id, position, resident_code)
                            SELECT :id, t.i - 1, t.code
                            FROM unnest(CAST(:codes AS char(11)[])) WITH ORDINALITY AS t(code, i)""")
                    .param("id", block.blockId())
                    .param("codes", block.codes().stream().map(ResidentCode::value).toArray(String[]::new))
                    .update();
        });
    }

    /**
     * Up to {@code count} codes of the oldest block that has codes left, in its order. The block's
     * row is locked until the transaction ends: a concurrent take waits, then sees the block as this
     * take left it (and nothing, when this take used it up).
     */
    private List<ResidentCode> take(int count) {
        record Block(UUID id, int next, int size) {
        }
        List<Block> found = jdbc.sql("""
                        SELECT block_id, next_position, size FROM resident_code_pool_blocks
                        WHERE next_position < size ORDER BY seq LIMIT 1 FOR UPDATE""")
                .query((row, n) -> new Block(row.getObject("block_id", UUID.class), row.getInt("next_position"),
                        row.getInt("size")))
                .list();
        if (found.isEmpty()) {
            return List.of();
        }
        Block block = found.get(0);
        int upTo = Math.min(block.size(), block.next() + count);
        jdbc.sql("UPDATE resident_code_pool_blocks SET next_position = :upTo WHERE block_id = :id")
                .param("upTo", upTo).param("id", block.id()).update();
        List<ResidentCode> codes = jdbc.sql("""
                        SELECT resident_code FROM resident_code_pool
                        WHERE block_id = :id AND position >= :from AND position < :upTo ORDER BY position""")
                .param("id", block.id()).param("from", block.next()).param("upTo", upTo)
                .query((row, n) -> ResidentCode.of(row.getString(1)))
                .list();
        if (codes.size() != upTo - block.next()) {
            throw new IllegalStateException("the pool's block " + block.id() + " misses codes");
        }
        return codes;
    }
}
