package jp.jukinet.national.numbering;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.service.web.Refusal;

/**
 * The blocks of resident-code serials handed to municipalities, and the one counter they come
 * from.
 *
 * <p>Allocation takes the counter row's lock first, so allocations run one at a time; then it
 * looks for the request id again (a twin request may have committed while it waited), advances
 * the counter with {@code UPDATE … RETURNING} and records the block, all in one transaction. The
 * counter only grows, so no serial is handed out twice; the table's exclusion constraint would
 * refuse an overlap anyway. Blocks are asked for rarely (a municipality takes thousands of codes
 * at once), so the one lock costs nothing worth sharding for.
 */
@Repository
class ResidentCodeBlocks {

    private static final Logger log = LoggerFactory.getLogger(ResidentCodeBlocks.class);

    private static final String COUNTER = "resident_code";
    private static final long SERIAL_BOUND = 10_000_000_000L;
    private static final String COLUMNS = "block_id, municipality, first_serial, last_serial";

    private final JdbcClient jdbc;

    ResidentCodeBlocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The block for this request: a new one, or the one an earlier request with the same id got.
     *
     * @throws Refusal (conflict, field {@code requestId}) when the request id was used for a
     *                 different municipality or size
     */
    @Transactional
    ResidentCodeBlock allocate(ResidentCodeBlockRequest request) {
        Optional<ResidentCodeBlock> earlier = byRequest(request.requestId());
        if (earlier.isPresent()) {
            return sameRequest(earlier.get(), request);
        }
        jdbc.sql("SELECT next_value FROM numbering_counters WHERE name = :name FOR UPDATE")
                .param("name", COUNTER).query(Long.class).single();
        earlier = byRequest(request.requestId());
        if (earlier.isPresent()) {
            return sameRequest(earlier.get(), request);
        }
        long first = jdbc.sql("""
                UPDATE numbering_counters SET next_value = next_value + :size
                WHERE name = :name AND next_value + :size <= :bound
                RETURNING next_value - :size""")
                .param("size", request.size()).param("name", COUNTER).param("bound", SERIAL_BOUND)
                .query(Long.class).optional()
                .orElseThrow(() -> new Refusal(Refusal.Kind.UNAVAILABLE, "size",
                        "not enough resident-code serials are left for a block of this size"));
        ResidentCodeBlock block = new ResidentCodeBlock(UUID.randomUUID(), request.municipality(), first,
                first + request.size() - 1);
        jdbc.sql("""
                INSERT INTO resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial, allocated_at)
                VALUES (:blockId, :requestId, :municipality, :first, :last, statement_timestamp())""")
                .param("blockId", block.blockId()).param("requestId", request.requestId())
                .param("municipality", block.municipality().value())
                .param("first", block.firstSerial()).param("last", block.lastSerial())
                .update();
        log.info("Allocated resident-code block {} of {} serials to municipality {}", block.blockId(), block.size(),
                block.municipality());
        return block;
    }

    Optional<ResidentCodeBlock> byId(UUID blockId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM resident_code_blocks WHERE block_id = :id")
                .param("id", blockId).query(ResidentCodeBlocks::block).optional();
    }

    Optional<ResidentCodeBlock> byRequest(UUID requestId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM resident_code_blocks WHERE request_id = :id")
                .param("id", requestId).query(ResidentCodeBlocks::block).optional();
    }

    /** The positions in {@code codes} of the codes whose serial lies in no block ever allocated. */
    List<Integer> neverAllocated(List<ResidentCode> codes) {
        long[] serials = codes.stream().mapToLong(ResidentCode::serial).toArray();
        return jdbc.sql("""
                SELECT t.i - 1 FROM unnest(CAST(:serials AS bigint[])) WITH ORDINALITY AS t(serial, i)
                WHERE NOT EXISTS (SELECT 1 FROM resident_code_blocks b
                                  WHERE int8range(b.first_serial, b.last_serial, '[]') @> t.serial)
                ORDER BY t.i""")
                .param("serials", serials).query(Integer.class).list();
    }

    private static ResidentCodeBlock sameRequest(ResidentCodeBlock earlier, ResidentCodeBlockRequest request) {
        if (!earlier.municipality().equals(request.municipality()) || earlier.size() != request.size()) {
            throw Refusal.conflict("requestId",
                    "this request id was already used for a block of another municipality or size");
        }
        return earlier;
    }

    private static ResidentCodeBlock block(ResultSet row, int rowNumber) throws SQLException {
        return new ResidentCodeBlock(row.getObject("block_id", UUID.class),
                LocalGovernmentCode.of(row.getString("municipality")), row.getLong("first_serial"),
                row.getLong("last_serial"));
    }
}
