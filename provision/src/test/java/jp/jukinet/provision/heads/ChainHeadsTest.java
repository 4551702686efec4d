package jp.jukinet.provision.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.provision.ProvisionChain;
import jp.jukinet.provision.ProvisionRecord;
import jp.jukinet.provision.ProvisionRecords;
import jp.jukinet.service.web.Refusal;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Signed chain heads against real PostgreSQL: J-LIS ("national") signs its head, a prefecture
 * ("pref-13", its own database) keeps it forward only; J-LIS's chain is checked against the copy,
 * after a truncation with the head reset and after a rewrite; an export verifies offline.
 */
class ChainHeadsTest {

    private static final KeyPair NATIONAL = pair();
    private static final KeyPair PREF_13 = pair();
    private static final KeyPair PREF_27 = pair();

    private Node national;
    private Node prefecture;
    private HeadExchange exchange;

    /** One node: its database, its chain, its store of other nodes' heads. */
    private record Node(String name, TestDatabase database, JdbcTemplate jdbc, ProvisionRecords records, HeadStore store,
                        HeadKeys keys) {
    }

    @BeforeEach
    void twoNodes() throws Exception {
        national = node("national", NATIONAL, Map.of("pref-13", PREF_13.getPublic()));
        prefecture = node("pref-13", PREF_13, Map.of("national", NATIONAL.getPublic()));
        // J-LIS reaches the prefecture's store as the gateway would deliver: caller = national
        HeadExchangeClient client = new HeadExchangeClient() {
            @Override
            public HeldHeads held(String peer, boolean latestOnly) {
                return prefecture.store().held("national", latestOnly);
            }

            @Override
            public HeadReceipt push(String peer, SignedHead head) {
                return prefecture.store().receive("national", head);
            }
        };
        exchange = new HeadExchange(national.keys(), new OwnChain(JdbcClient.create(national.jdbc())), national.records(),
                client, List.of("pref-13"), Clock.systemUTC());
    }

    @Test
    void aHeadVerifiesWithItsOwnersKeyOnlyAndUnchanged() {
        SignedHead head = SignedHead.sign("national", 5, hash(5), Instant.now(), 0, ProvisionChain.GENESIS,
                NATIONAL.getPrivate());
        assertThat(head.signedBy(NATIONAL.getPublic())).isTrue();
        assertThat(head.signedBy(PREF_13.getPublic())).isFalse();
        assertThat(new SignedHead(head.owner(), 6, head.hash(), head.signedAt(), 0, head.witnessHash(), head.signature())
                .signedBy(NATIONAL.getPublic())).isFalse();
        assertThat(new SignedHead("pref-13", 5, head.hash(), head.signedAt(), 0, head.witnessHash(), head.signature())
                .signedBy(NATIONAL.getPublic())).isFalse();
        assertThatThrownBy(() -> new SignedHead("national", 5, "zz", head.signedAt(), 0, head.witnessHash(), head.signature()))
                .isInstanceOf(jp.jukinet.model.InvalidValueException.class).hasMessageStartingWith("hash:");
    }

    @Test
    void headsMoveOnlyForwardAndAContradictionIsKeptAsEvidence() {
        HeadStore store = prefecture.store();
        SignedHead three = signed(3, hash(3), 0, ProvisionChain.GENESIS);
        assertThat(store.receive("national", three).outcome()).isEqualTo(HeadReceipt.ACCEPTED);
        assertThat(store.receive("national", three).outcome()).isEqualTo(HeadReceipt.ALREADY_HELD);
        assertThat(store.receive("national", signed(5, hash(5), 3, hash(3))).outcome()).isEqualTo(HeadReceipt.ACCEPTED);

        // lower than held: the chain went back
        HeadReceipt back = store.receive("national", signed(4, hash(4), 3, hash(3)));
        assertThat(back).isEqualTo(new HeadReceipt(HeadConflict.REGRESSION, 5));
        // another hash at the seq held, as the head itself or as the witness of a later one
        assertThat(store.receive("national", signed(5, hash(50), 0, ProvisionChain.GENESIS)).outcome())
                .isEqualTo(HeadConflict.REWRITE);
        assertThat(store.receive("national", signed(9, hash(9), 5, hash(51))).outcome()).isEqualTo(HeadConflict.REWRITE);
        // a witness at another seq than held: refused, nothing kept (the sender asks and signs again)
        assertThatThrownBy(() -> store.receive("national", signed(9, hash(9), 3, hash(3))))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("witnessSeq"));

        HeldHeads held = store.held("national", false);
        assertThat(held.heads()).extracting(SignedHead::seq).containsExactly(3L, 5L);
        assertThat(held.conflicts()).extracting(HeadConflict::kind)
                .containsExactly(HeadConflict.REGRESSION, HeadConflict.REWRITE, HeadConflict.REWRITE);
        assertThat(held.conflicts().get(0).received().signedBy(NATIONAL.getPublic())).as("kept as signed").isTrue();
        assertThat(store.held("national", true).heads()).extracting(SignedHead::seq).containsExactly(5L);
        assertThat(store.conflictCount()).isEqualTo(3);

        // evidence stays: the tables refuse an update or a delete
        assertThatThrownBy(() -> prefecture.jdbc().update("DELETE FROM provision_head_conflicts"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> prefecture.jdbc().update("UPDATE provision_heads_held SET seq = 1"))
                .hasMessageContaining("append-only");
    }

    @Test
    void onlyTheOwnerPushesItsHeadsAndOnlyWithItsKey() {
        HeadStore store = prefecture.store();
        SignedHead nationals = signed(1, hash(1), 0, ProvisionChain.GENESIS);
        // another prefecture pushing J-LIS's head (a real one, replayed)
        assertThatThrownBy(() -> store.receive("pref-27", nationals))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.FORBIDDEN));
        // another prefecture pushing its own head: not a node whose chain this prefecture keeps
        SignedHead pref27 = SignedHead.sign("pref-27", 1, hash(1), Instant.now(), 0, ProvisionChain.GENESIS,
                PREF_27.getPrivate());
        assertThatThrownBy(() -> store.receive("pref-27", pref27))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.FORBIDDEN));
        // a head of its own chain pushed back to it
        SignedHead own = SignedHead.sign("pref-13", 1, hash(1), Instant.now(), 0, ProvisionChain.GENESIS,
                PREF_13.getPrivate());
        assertThatThrownBy(() -> store.receive("pref-13", own))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.FORBIDDEN));
        // J-LIS's name, another key
        SignedHead forged = SignedHead.sign("national", 1, hash(1), Instant.now(), 0, ProvisionChain.GENESIS,
                PREF_13.getPrivate());
        assertThatThrownBy(() -> store.receive("national", forged))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.field()).isEqualTo("signature"));
        assertThat(store.held("national", false).heads()).isEmpty();
        assertThat(store.conflictCount()).isZero();
    }

    @Test
    void aTruncatedChainWithItsHeadResetIsCaughtByTheHeadAnotherTierHolds() {
        append(national, 10);
        assertThat(exchange.exchange()).containsEntry("pref-13", HeadReceipt.ACCEPTED);
        append(national, 5);
        assertThat(exchange.exchange()).containsEntry("pref-13", HeadReceipt.ACCEPTED);
        AnchorReport intact = exchange.check();
        assertThat(intact.status()).as(intact.where()).isEqualTo(AnchorReport.AGREES);
        assertThat(intact.latestHeldBy()).containsEntry("pref-13", 15L);

        // the operator cuts records 13..15 and resets the head row: the chain's own walk sees nothing
        truncate(national, 12);
        assertThat(national.records().verify().intact()).isTrue();

        AnchorReport truncated = exchange.check();
        assertThat(truncated.status()).isEqualTo(AnchorReport.DIFFERS);
        assertThat(truncated.comparison().missingFrom()).isEqualTo(13);
        assertThat(truncated.comparison().missingTo()).isEqualTo(15);
        assertThat(truncated.comparison().lastAgreeingSeq()).isEqualTo(10);
        assertThat(truncated.where()).contains("records 13..15 are missing");

        // the next exchange pushes the shorter head: kept at the prefecture as a regression, and reported
        assertThat(exchange.exchange()).containsEntry("pref-13", HeadConflict.REGRESSION);
        AnchorReport after = exchange.check();
        assertThat(after.conflictsReported().get("pref-13")).extracting(HeadConflict::kind)
                .containsExactly(HeadConflict.REGRESSION);
        assertThat(prefecture.store().held("national", true).heads()).extracting(SignedHead::seq).containsExactly(15L);
    }

    @Test
    void aRewrittenChainWhoseLinksHoldIsCaughtWhereItDiffers() {
        append(national, 8);
        exchange.exchange();
        append(national, 8);
        exchange.exchange();
        append(national, 4);
        assertThat(exchange.check().agrees()).isTrue();

        // record 11 replaced and every hash after it recomputed: the links hold, the heads do not
        rewriteFrom(national, 11);
        assertThat(national.records().verify().intact()).isTrue();
        AnchorReport report = exchange.check();
        assertThat(report.status()).isEqualTo(AnchorReport.DIFFERS);
        assertThat(report.comparison().firstDifferingSeq()).isEqualTo(16);
        assertThat(report.comparison().lastAgreeingSeq()).isEqualTo(8);
        assertThat(report.where()).contains("seq 16").contains("9..16");

        // and the next head it pushes carries its rewritten hash at 16 as witness: a REWRITE, kept
        assertThat(exchange.exchange()).containsEntry("pref-13", HeadConflict.REWRITE);
    }

    @Test
    void anExportVerifiesOfflineAndATamperedOneDoesNot(@TempDir Path directory) throws Exception {
        append(national, 6);
        exchange.exchange();
        append(national, 3);
        exchange.exchange();
        Path export = export(directory.resolve("intact.ndjson"));

        OfflineChainVerifier.Report report = OfflineChainVerifier.verify(export, NATIONAL.getPublic());
        assertThat(report.verified()).as(report.summary()).isTrue();
        assertThat(report.records()).isEqualTo(9);
        assertThat(report.heldBy()).containsExactly("national", "pref-13");
        assertThat(OfflineChainVerifier.run(new String[] {export.toString()}, System.out, System.err)).isZero();
        // the key given is not the one that signed: nothing verifies
        OfflineChainVerifier.Report otherKey = OfflineChainVerifier.verify(export, PREF_13.getPublic());
        assertThat(otherKey.verified()).isFalse();
        assertThat(otherKey.problems().get(0)).contains("is not the key given");

        // a record edited in the file (its stored hash left as it was)
        List<String> lines = Files.readAllLines(export);
        List<String> edited = new ArrayList<>(lines);
        int four = indexOfRecord(lines, 4);
        edited.set(four, lines.get(four).replace("agency-nenkin", "agency-nenkim"));
        OfflineChainVerifier.Report tampered = OfflineChainVerifier.verify(write(directory.resolve("edited.ndjson"), edited),
                NATIONAL.getPublic());
        assertThat(tampered.verified()).isFalse();
        assertThat(tampered.problems()).anyMatch(p -> p.startsWith("record 4: its content does not give its stored hash"));
        assertThat(tampered.comparison().firstDifferingSeq()).isEqualTo(6);

        // the last records left out of the file
        List<String> cut = new ArrayList<>(lines.subList(0, indexOfRecord(lines, 8)));
        OfflineChainVerifier.Report truncated = OfflineChainVerifier.verify(write(directory.resolve("cut.ndjson"), cut),
                NATIONAL.getPublic());
        assertThat(truncated.verified()).isFalse();
        assertThat(truncated.comparison().missingFrom()).isEqualTo(8);
        assertThat(truncated.comparison().missingTo()).isEqualTo(9);
        assertThat(OfflineChainVerifier.run(new String[] {directory.resolve("cut.ndjson").toString()}, System.out,
                System.err)).isEqualTo(1);
        assertThat(OfflineChainVerifier.run(new String[] {directory.resolve("none.ndjson").toString()}, System.out,
                System.err)).isEqualTo(2);

        // the records in the file carry no names: only the columns of provision_records
        assertThat(lines.get(indexOfRecord(lines, 1))).doesNotContain("name").contains("\"residentCode\":null");
    }

    @Test
    void withoutItsKeyOrAPeersPublicKeyANodeDoesNotStart(@TempDir Path directory) throws IOException {
        org.springframework.core.io.DefaultResourceLoader resources = new org.springframework.core.io.DefaultResourceLoader();
        String location = directory.toUri().toString();
        assertThatThrownBy(() -> HeadKeys.load("pref-13", List.of("national"), location, resources))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pref-13-chain-signing.key does not exist");

        pem(directory.resolve("pref-13-chain-signing.key"), "PRIVATE KEY", PREF_13.getPrivate().getEncoded());
        pem(directory.resolve("pref-13-chain-signing.pub"), "PUBLIC KEY", PREF_13.getPublic().getEncoded());
        assertThatThrownBy(() -> HeadKeys.load("pref-13", List.of("national"), location, resources))
                .hasMessageContaining("national-chain-signing.pub does not exist");

        pem(directory.resolve("national-chain-signing.pub"), "PUBLIC KEY", NATIONAL.getPublic().getEncoded());
        assertThat(HeadKeys.load("pref-13", List.of("national"), location, resources).publicKey("national"))
                .contains(NATIONAL.getPublic());

        // a public key that is not the private key's pair: its heads would fail every check
        pem(directory.resolve("pref-13-chain-signing.pub"), "PUBLIC KEY", PREF_27.getPublic().getEncoded());
        assertThatThrownBy(() -> HeadKeys.load("pref-13", List.of("national"), location, resources))
                .hasMessageContaining("is not the pair of pref-13-chain-signing.pub");
    }

    private static void pem(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n");
    }

    // --- helpers

    private Path export(Path file) throws Exception {
        Map<String, List<SignedHead>> heads = new TreeMap<>(exchange.heldElsewhere());
        heads.put("national", List.of(exchange.sign(0)));
        try (OutputStream out = Files.newOutputStream(file);
             Connection connection = DriverManager.getConnection(national.database().jdbcUrl(),
                     national.database().username(), national.database().password())) {
            ChainExport.write(out, connection, "national", Instant.now(), Map.of("national", NATIONAL.getPublic()), heads);
        }
        return file;
    }

    private static int indexOfRecord(List<String> lines, long seq) {
        return IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("{\"record\":{\"seq\":" + seq + ","))
                .findFirst().orElseThrow();
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static SignedHead signed(long seq, byte[] hash, long witnessSeq, byte[] witnessHash) {
        return SignedHead.sign("national", seq, hash, Instant.now(), witnessSeq, witnessHash, NATIONAL.getPrivate());
    }

    private static byte[] hash(int n) {
        byte[] hash = new byte[32];
        hash[0] = (byte) n;
        hash[31] = 7;
        return hash;
    }

    private static void append(Node node, int count) {
        List<ProvisionRecord> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new ProvisionRecord("agency-nenkin", "nenkin-30-9", null, LookupKey.FOUR_INFO, Set.of(),
                    ProvisionOutcome.NOT_FOUND, null));
        }
        node.records().append(batch);
    }

    /** What an operator with the database's owner rights does: cut the tail and reset the head row. */
    private static void truncate(Node node, long keep) {
        node.jdbc().execute("ALTER TABLE provision_records DISABLE TRIGGER provision_records_append_only");
        node.jdbc().update("DELETE FROM provision_records WHERE seq > ?", keep);
        node.jdbc().update("UPDATE provision_chain_head SET last_seq = ?, last_hash = (SELECT hash FROM provision_records "
                + "WHERE seq = ?)", keep, keep);
        node.jdbc().execute("ALTER TABLE provision_records ENABLE TRIGGER provision_records_append_only");
    }

    /** Replaces record {@code from}'s recipient and recomputes every hash after it, and the head row. */
    private static void rewriteFrom(Node node, long from) {
        node.jdbc().execute("ALTER TABLE provision_records DISABLE TRIGGER provision_records_append_only");
        node.jdbc().update("UPDATE provision_records SET recipient = 'agency-other' WHERE seq = ?", from);
        byte[] previous = node.jdbc().queryForObject("SELECT hash FROM provision_records WHERE seq = ?", byte[].class, from - 1);
        List<ProvisionChain.Row> rows = node.jdbc().query("""
                SELECT seq, recorded_at, recipient, basis, resident_code, lookup_key, fields, outcome, refusal
                FROM provision_records WHERE seq >= ? ORDER BY seq""", (row, n) -> new ProvisionChain.Row(row.getLong(1),
                row.getObject(2, OffsetDateTime.class).toInstant(), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8), row.getString(9)), from);
        for (ProvisionChain.Row row : rows) {
            byte[] hash = ProvisionChain.hash(previous, row);
            node.jdbc().update("UPDATE provision_records SET previous_hash = ?, hash = ? WHERE seq = ?", previous, hash,
                    row.seq());
            previous = hash;
        }
        node.jdbc().update("UPDATE provision_chain_head SET last_hash = ?", (Object) previous);
        node.jdbc().execute("ALTER TABLE provision_records ENABLE TRIGGER provision_records_append_only");
    }

    private static Node node(String name, KeyPair pair, Map<String, PublicKey> peers) throws SQLException, IOException {
        TestDatabase database = TestPostgres.createDatabase("heads_" + name.replace('-', '_'));
        database.migrate("classpath:db/register", "classpath:db/provision");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password());
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Map<String, PublicKey> keys = new TreeMap<>(peers);
        keys.put(name, pair.getPublic());
        HeadKeys headKeys = new HeadKeys(name, pair.getPrivate(), keys);
        return new Node(name, database, jdbc, new ProvisionRecords(jdbc, Clock.systemUTC()),
                new HeadStore(JdbcClient.create(jdbc), new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                        headKeys, Clock.systemUTC()), headKeys);
    }

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
