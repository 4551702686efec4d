package jp.jukinet.national.numbering;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.service.web.Refusal;

/**
 * The blocks of resident codes handed to municipalities. Each code is ten digits drawn at random
 * ({@link SecureRandom}) and its check digit (住基法施行規則 第1条), so codes cannot be walked.
 *
 * <p>An allocation is one transaction: it records the block under its request id, then inserts
 * the drawn codes in one statement, {@code ON CONFLICT DO NOTHING}, skipping any code inside a
 * range of consecutive serials allocated before random codes; the codes the statement did not
 * insert (taken already, by an earlier block or a concurrent allocation) are drawn again. The
 * primary key of {@code allocated_resident_codes} is what makes "never allocated twice" hold. A
 * twin request (same request id) meets the first at the block's unique request id, waits for it,
 * and is answered with its block. Codes are inserted in code order (their positions keep the
 * order drawn), so two allocations that drew the same codes in one round wait for each other
 * without a deadlock; across rounds they may still deadlock, and the loser rolls back and starts
 * again (with ten-digit draws a collision is already a one-in-a-thousand event at ten million
 * codes).
 */
@Repository
class ResidentCodeBlocks {

    private static final Logger log = LoggerFactory.getLogger(ResidentCodeBlocks.class);

    /** Far beyond any real chain of collisions (each draw collides with a chance below 10⁻³ even at 10⁷ codes). */
    private static final int MAX_ROUNDS = 100;
    private static final int MAX_ATTEMPTS = 10;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RandomGenerator random;

    @Autowired
    ResidentCodeBlocks(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this(jdbc, transactionManager, new SecureRandom());
    }

    /** @param random where the codes' ten digits come from: {@link SecureRandom}, or a script in a test */
    ResidentCodeBlocks(JdbcClient jdbc, PlatformTransactionManager transactionManager, RandomGenerator random) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.random = random;
    }

    /**
     * The block for this request: a new one, or the one an earlier request with the same id got.
     *
     * @throws Refusal (conflict, field {@code requestId}) when the request id was used for a
     *                 different municipality or size
     */
    ResidentCodeBlock allocate(ResidentCodeBlockRequest request) {
        for (int attempt = 1;; attempt++) {
            try {
                return transactions.execute(status -> attempt(request));
            } catch (DuplicateKeyException | ConcurrencyFailureException e) {
                // A twin request with the same id committed its block first (the next attempt answers
                // with it), or two allocations that drew the same codes waited on each other (a
                // deadlock: one of them rolled back and draws afresh). Both roll back whole.
                if (attempt >= MAX_ATTEMPTS) {
                    log.warn("Resident-code block request {} lost {} races with concurrent allocations; giving up",
                            request.requestId(), attempt);
                    throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "concurrent allocations; try again");
                }
                log.debug("Resident-code block request {} met a concurrent allocation (attempt {}); retrying",
                        request.requestId(), attempt);
            }
        }
    }

    private ResidentCodeBlock attempt(ResidentCodeBlockRequest request) {
        Optional<ResidentCodeBlock> earlier = byRequest(request.requestId());
        if (earlier.isPresent()) {
            return sameRequest(earlier.get(), request);
        }
        UUID blockId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO resident_code_blocks (block_id, request_id, municipality, size, allocated_at)
                VALUES (:blockId, :requestId, :municipality, :size, statement_timestamp())""")
                .param("blockId", blockId).param("requestId", request.requestId())
                .param("municipality", request.municipality().value()).param("size", request.size())
                .update();
        List<ResidentCode> codes = drawUnique(blockId, request.municipality(), request.size());
        ResidentCodeBlock block = new ResidentCodeBlock(blockId, request.municipality(), codes);
        log.info("Allocated resident-code block {} of {} random codes to municipality {}", block.blockId(),
                block.size(), block.municipality());
        return block;
    }

    /** {@code size} codes never allocated before, recorded as this block's, in the order drawn. */
    private List<ResidentCode> drawUnique(UUID blockId, LocalGovernmentCode municipality, int size) {
        List<ResidentCode> accepted = new ArrayList<>(size);
        Set<ResidentCode> drawn = new HashSet<>(size * 2);
        int position = 0;
        for (int round = 0; accepted.size() < size; round++) {
            if (round == MAX_ROUNDS) {
                throw new Refusal(Refusal.Kind.UNAVAILABLE, "size", "no unused resident codes could be drawn; try again");
            }
            int needed = size - accepted.size();
            List<ResidentCode> candidates = new ArrayList<>(needed);
            // a code drawn twice within this allocation is drawn again, within bounds (it can only
            // happen often in a test that draws from a tiny space)
            for (int draws = 0; candidates.size() < needed && draws < 10 * needed + 100; draws++) {
                ResidentCode code = ResidentCode.random(random);
                if (drawn.add(code)) {
                    candidates.add(code);
                }
            }
            Set<String> inserted = insertUnlessTaken(blockId, municipality, candidates, position);
            for (ResidentCode candidate : candidates) {
                if (inserted.contains(candidate.value())) {
                    accepted.add(candidate);
                }
            }
            position += candidates.size();
            if (inserted.size() < candidates.size()) {
                log.debug("{} drawn resident codes were allocated before; drawing again", candidates.size() - inserted.size());
            }
        }
        return accepted;
    }

    /** Inserts the candidates that no block ever held, at positions {@code first, first + 1, …}; returns those inserted. */
    private Set<String> insertUnlessTaken(UUID blockId, LocalGovernmentCode municipality, List<ResidentCode> candidates,
                                          int first) {
        String[] codes = candidates.stream().map(ResidentCode::value).toArray(String[]::new);
        long[] serials = candidates.stream().mapToLong(ResidentCode::serial).toArray();
        Set<String> inserted = new HashSet<>(candidates.size() * 2);
        jdbc.sql("""
                INSERT INTO allocated_resident_codes (resident_code, municipality, block_id, position, allocated_at)
                SELECT t.code, :municipality, :blockId, :first + t.i - 1, statement_timestamp()
                FROM unnest(CAST(:codes AS char(11)[]), CAST(:serials AS bigint[])) WITH ORDINALITY AS t(code, serial, i)
                WHERE NOT EXISTS (SELECT 1 FROM resident_code_blocks b
                                  WHERE b.first_serial IS NOT NULL
                                    AND int8range(b.first_serial, b.last_serial, '[]') @> t.serial)
                ORDER BY t.code
                ON CONFLICT (resident_code) DO NOTHING
                RETURNING resident_code""")
                .param("municipality", municipality.value()).param("blockId", blockId).param("first", first)
                .param("codes", codes).param("serials", serials)
                .query(row -> {
                    inserted.add(row.getString("resident_code"));
                });
        return inserted;
    }

    /**
     * The municipality each of {@code codes} was allocated to: a random code's, or that of the older
     * block of consecutive serials holding it. Codes never allocated are absent.
     */
    Map<ResidentCode, LocalGovernmentCode> allocatedTo(Collection<ResidentCode> codes) {
        Map<ResidentCode, LocalGovernmentCode> allocated = new HashMap<>();
        if (codes.isEmpty()) {
            return allocated;
        }
        List<ResidentCode> asked = List.copyOf(codes);
        jdbc.sql("""
                        SELECT t.code, coalesce(a.municipality,
                                                (SELECT b.municipality FROM resident_code_blocks b
                                                 WHERE b.first_serial IS NOT NULL
                                                   AND int8range(b.first_serial, b.last_serial, '[]') @> t.serial)) AS municipality
                        FROM unnest(CAST(:codes AS char(11)[]), CAST(:serials AS bigint[])) AS t(code, serial)
                        LEFT JOIN allocated_resident_codes a ON a.resident_code = t.code""")
                .param("codes", asked.stream().map(ResidentCode::value).toArray(String[]::new))
                .param("serials", asked.stream().mapToLong(ResidentCode::serial).toArray())
                .query(row -> {
                    String municipality = row.getString("municipality");
                    if (municipality != null) {
                        allocated.put(ResidentCode.of(row.getString("code")), LocalGovernmentCode.of(municipality));
                    }
                });
        return allocated;
    }

    /** The block with this id, with the municipality it was allocated to. */
    Optional<ResidentCodeBlock> byId(UUID blockId) {
        return jdbc.sql("SELECT block_id FROM resident_code_blocks WHERE block_id = :id")
                .param("id", blockId).query(UUID.class).optional().map(this::read);
    }

    Optional<ResidentCodeBlock> byRequest(UUID requestId) {
        return jdbc.sql("SELECT block_id FROM resident_code_blocks WHERE request_id = :id")
                .param("id", requestId).query(UUID.class).optional().map(this::read);
    }

    /** A block as it was answered: the range of a block allocated before random codes, or its codes in order. */
    private ResidentCodeBlock read(UUID blockId) {
        record Row(LocalGovernmentCode municipality, Long first, Long last) {
        }
        Row row = jdbc.sql("SELECT municipality, first_serial, last_serial FROM resident_code_blocks WHERE block_id = :id")
                .param("id", blockId)
                .query((rs, n) -> new Row(LocalGovernmentCode.of(rs.getString("municipality")),
                        rs.getObject("first_serial", Long.class), rs.getObject("last_serial", Long.class)))
                .single();
        if (row.first() != null) {
            return ResidentCodeBlock.range(blockId, row.municipality(), row.first(), row.last());
        }
        List<ResidentCode> codes = jdbc.sql(
                        "SELECT resident_code FROM allocated_resident_codes WHERE block_id = :id ORDER BY position")
                .param("id", blockId).query((rs, n) -> ResidentCode.of(rs.getString(1))).list();
        return new ResidentCodeBlock(blockId, row.municipality(), codes);
    }

    private static ResidentCodeBlock sameRequest(ResidentCodeBlock earlier, ResidentCodeBlockRequest request) {
        if (!earlier.municipality().equals(request.municipality()) || earlier.size() != request.size()) {
            throw Refusal.conflict("requestId",
                    "this request id was already used for a block of another municipality or size");
        }
        return earlier;
    }
}
