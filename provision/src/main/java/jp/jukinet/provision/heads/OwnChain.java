package jp.jukinet.provision.heads;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.provision.ProvisionChain;

/** What a node reads of its own provision chain to sign its head and to compare it with heads held elsewhere. */
public class OwnChain {

    /** The chain's head as its head row says. */
    public record Head(long seq, byte[] hash) {
    }

    private final JdbcClient jdbc;

    public OwnChain(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The head row ({@code provision_chain_head}): what this node signs. */
    public Head head() {
        return jdbc.sql("SELECT last_seq, last_hash FROM provision_chain_head")
                .query((row, n) -> new Head(row.getLong(1), row.getBytes(2))).single();
    }

    /** The seq of the last record (not of the head row: after an edit the two may disagree). */
    public long lastRecordSeq() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM provision_records").query(Long.class).single();
    }

    /** The stored hash at {@code seq} (seq 0: the genesis), if the chain holds it. */
    public Optional<byte[]> hashAt(long seq) {
        if (seq == 0) {
            return Optional.of(ProvisionChain.GENESIS);
        }
        return jdbc.sql("SELECT hash FROM provision_records WHERE seq = :seq").param("seq", seq)
                .query((row, n) -> row.getBytes(1)).optional();
    }

    /** The stored hashes at {@code seqs} that the chain holds (by primary key: no walk). */
    public Map<Long, byte[]> hashesAt(Collection<Long> seqs) {
        Map<Long, byte[]> hashes = new HashMap<>();
        if (seqs.contains(0L)) {
            hashes.put(0L, ProvisionChain.GENESIS);
        }
        jdbc.sql("SELECT seq, hash FROM provision_records WHERE seq = ANY(:seqs)")
                .param("seqs", seqs.stream().mapToLong(Long::longValue).boxed().toArray(Long[]::new))
                .query((row, n) -> hashes.put(row.getLong(1), row.getBytes(2)))
                .list();
        return hashes;
    }
}
