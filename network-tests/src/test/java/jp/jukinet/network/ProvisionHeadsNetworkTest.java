package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.provision.ProvisionRecord;
import jp.jukinet.provision.ProvisionRecords;
import jp.jukinet.provision.heads.HeadKeys;
import jp.jukinet.provision.heads.OfflineChainVerifier;
import jp.jukinet.provision.heads.SignedHead;
import jp.jukinet.testsupport.TestPki;

/**
 * Issue #15, "evidence no operator can rewrite", on the smallest network that shows it (the gateway,
 * J-LIS and one prefecture, real mutual TLS): J-LIS's signed provision-chain heads are kept at the
 * prefecture; an operator who cuts the tail of J-LIS's chain and resets its head row by SQL passes
 * the chain's own walk, but the check against the prefecture's copies fails and names the missing
 * records, the next exchange is kept at the prefecture as a regression, and the export of the cut
 * chain does not verify offline while the intact one did. A prefecture's real certificate cannot
 * push heads of J-LIS's chain or of another prefecture's.
 */
// one network for both: the attacks run after the truncation, whose figures count from an empty chain
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionHeadsNetworkTest {

    private static final String OPERATOR = "operator-local";
    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().prefecture("13").startAll();
        TestPki.certificate(OPERATOR);
        TestPki.certificate("cs-131016");
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void aTruncatedChainAtJlisIsCaughtByThePrefecturesCopiesOfItsHeadsAndNamed(@TempDir Path directory) throws IOException {
        append("national", 20);
        append("pref-13", 5);
        assertThat(exchange("national")).containsEntry("pref-13", "ACCEPTED");
        assertThat(exchange("pref-13")).containsEntry("national", "ACCEPTED");
        append("national", 10);
        assertThat(exchange("national")).containsEntry("pref-13", "ACCEPTED");

        Map<String, Object> intact = report("national");
        assertThat(intact.get("status")).as(String.valueOf(intact.get("where"))).isEqualTo("AGREES");
        assertThat(map(intact.get("latestHeldBy"))).containsEntry("pref-13", 30);
        assertThat(report("pref-13").get("status")).isEqualTo("AGREES");

        // the intact chain's export verifies offline, with J-LIS's key from the PKI; a record edited in it does not
        PublicKey nationalKey = HeadKeys.readPublicKey(new FileSystemResource(
                TestPki.directory().resolve(HeadKeys.keyName("national") + ".pub")));
        Path export = export("national", directory.resolve("national.ndjson"));
        OfflineChainVerifier.Report verified = OfflineChainVerifier.verify(export, nationalKey);
        assertThat(verified.verified()).as(verified.summary()).isTrue();
        assertThat(verified.records()).isEqualTo(30);
        assertThat(verified.heldBy()).contains("pref-13");
        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        int seven = lines.indexOf(lines.stream().filter(line -> line.startsWith("{\"record\":{\"seq\":7,")).findFirst().orElseThrow());
        lines.set(seven, lines.get(seven).replace("agency-nenkin", "agency-nenkim"));
        OfflineChainVerifier.Report edited = OfflineChainVerifier.verify(Files.write(directory.resolve("edited.ndjson"), lines),
                nationalKey);
        assertThat(edited.verified()).isFalse();
        assertThat(edited.problems()).anyMatch(problem -> problem.startsWith("record 7:"));
        assertThat(OfflineChainVerifier.run(new String[] {directory.resolve("edited.ndjson").toString()}, System.out,
                System.err)).isEqualTo(1);

        // the operator of J-LIS's database cuts records 25..30 and resets the head row
        network.database("national").sql("ALTER TABLE provision_records DISABLE TRIGGER provision_records_append_only").update();
        network.database("national").sql("DELETE FROM provision_records WHERE seq > 24").update();
        network.database("national").sql("UPDATE provision_chain_head SET last_seq = 24, "
                + "last_hash = (SELECT hash FROM provision_records WHERE seq = 24)").update();
        network.database("national").sql("ALTER TABLE provision_records ENABLE TRIGGER provision_records_append_only").update();
        assertThat(network.bean("national", ProvisionRecords.class).verify().intact())
                .as("the chain's own walk sees nothing").isTrue();

        Map<String, Object> truncated = report("national");
        assertThat(truncated.get("status")).isEqualTo("DIFFERS");
        Map<String, Object> comparison = map(truncated.get("comparison"));
        assertThat(comparison.get("missingFrom")).isEqualTo(25);
        assertThat(comparison.get("missingTo")).isEqualTo(30);
        assertThat(comparison.get("lastAgreeingSeq")).isEqualTo(20);
        assertThat((String) truncated.get("where")).contains("records 25..30 are missing");
        assertThat(metric("national", "jukinet.provision.chain.anchored")).isEqualTo(0.0);

        // J-LIS's next head goes back: the prefecture keeps it as evidence and reports it
        assertThat(exchange("national")).containsEntry("pref-13", "REGRESSION");
        assertThat(network.database("pref-13").sql("SELECT kind FROM provision_head_conflicts WHERE owner = 'national'")
                .query(String.class).list()).containsExactly("REGRESSION");
        assertThat(metric("pref-13", "jukinet.provision.heads.conflicts")).isEqualTo(1.0);
        assertThat(map(report("national").get("conflictsReported"))).containsKey("pref-13");

        // and the cut chain's export does not verify offline: the prefecture's head vouches for seq 30
        OfflineChainVerifier.Report cut = OfflineChainVerifier.verify(export("national", directory.resolve("cut.ndjson")),
                nationalKey);
        assertThat(cut.verified()).isFalse();
        assertThat(cut.comparison().missingFrom()).isEqualTo(25);
        assertThat(cut.comparison().missingTo()).isEqualTo(30);
    }

    @Test
    @Order(2)
    void aPrefecturesRealCertificateCannotPushHeadsOfJlisOrOfAnotherPrefecture() {
        append("national", 2);
        exchange("national");
        // a real head of J-LIS's, as the prefecture holds it
        SignedHead real = network.database("pref-13").sql("""
                        SELECT seq, encode(hash, 'hex') AS hash, signed_at, witness_seq, encode(witness_hash, 'hex') AS witness,
                               encode(signature, 'base64') AS signature
                        FROM provision_heads_held WHERE owner = 'national' ORDER BY seq DESC LIMIT 1""")
                .query((row, n) -> new SignedHead("national", row.getLong("seq"), row.getString("hash"),
                        row.getObject("signed_at", java.time.OffsetDateTime.class).toInstant(), row.getLong("witness_seq"),
                        row.getString("witness"), row.getString("signature").replace("\n", "")))
                .single();
        RestClient asPrefecture = network.client("gateway", "pref-13");

        // J-LIS's head pushed to J-LIS by the prefecture: not its chain
        assertThat(push(asPrefecture, "/internal/v1/national/provision-heads", real)).isEqualTo(HttpStatus.FORBIDDEN);
        // a head in another prefecture's name, pushed to J-LIS by this one
        SignedHead other = new SignedHead("pref-27", real.seq(), real.hash(), real.signedAt(), real.witnessSeq(),
                real.witnessHash(), real.signature());
        assertThat(push(asPrefecture, "/internal/v1/national/provision-heads", other)).isEqualTo(HttpStatus.FORBIDDEN);
        // a head pushed to a prefecture by anyone but J-LIS: the gateway has no such route
        assertThat(push(asPrefecture, "/internal/v1/prefectures/13/provision-heads", real)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(push(network.client("gateway", "cs-131016"), "/internal/v1/national/provision-heads", real))
                .isEqualTo(HttpStatus.FORBIDDEN);
        // its own head, signed with another key than its own (J-LIS checks with pref-13's key from the PKI)
        SignedHead forged = new SignedHead("pref-13", real.seq() + 100, real.hash(), real.signedAt(), 0,
                "0".repeat(64), real.signature());
        assertThat(push(asPrefecture, "/internal/v1/national/provision-heads", forged)).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(network.database("national").sql("SELECT count(*) FROM provision_heads_held WHERE owner <> 'pref-13'")
                .query(Long.class).single()).isZero();
        // and the operator API is the operator's alone, directly
        assertThat(network.client("national", "pref-13").get().uri("/actuator/provisionheads").retrieve()
                .onStatus(status -> true, (request, response) -> { }).toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static HttpStatus push(RestClient client, String path, SignedHead head) {
        return HttpStatus.valueOf(client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(head).retrieve()
                .onStatus(status -> true, (request, response) -> { }).toBodilessEntity().getStatusCode().value());
    }

    private static void append(String node, int count) {
        List<ProvisionRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new ProvisionRecord("agency-nenkin", "nenkin-30-9", null, LookupKey.FOUR_INFO, Set.of(),
                    ProvisionOutcome.NOT_FOUND, null));
        }
        network.bean(node, ProvisionRecords.class).append(records);
    }

    private static Map<String, Object> exchange(String node) {
        return map(network.client(node, OPERATOR).post().uri("/actuator/provisionheads").retrieve().body(Map.class));
    }

    private static Map<String, Object> report(String node) {
        return map(map(network.client(node, OPERATOR).get().uri("/actuator/provisionheads").retrieve().body(Map.class))
                .get("report"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    private static Path export(String node, Path file) throws IOException {
        byte[] body = network.client(node, OPERATOR).get().uri("/actuator/provisionheads/export").retrieve()
                .body(byte[].class);
        return Files.write(file, body);
    }

    private static double metric(String node, String name) {
        Map<String, Object> metric = map(network.client(node, OPERATOR).get().uri("/actuator/metrics/" + name).retrieve()
                .body(Map.class));
        return ((Number) map(((List<?>) metric.get("measurements")).get(0)).get("value")).doubleValue();
    }
}
