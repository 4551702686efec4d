package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.admin.ExitCode;
import jp.jukinet.admin.JukinetAdmin;
import jp.jukinet.admin.NetworkDescription;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's tool ({@code jukinet-admin}, {@code ./jukinet admin}) against a started network
 * (J-LIS, prefecture 13, CS 千代田区 and the gateway), as a script would run it: exit codes, the
 * {@code --json} document parsed, the aligned text. Two residents' notices are refused for good at
 * the prefecture (a CHECK the test adds to its register) and parked; the tool lists them, releases
 * one and discards the other; reads every outbox; runs the retention purge. Attacks: the tool with a
 * clerk's or an agency's real certificate, or pointed at the gateway, is refused and exits 3. Last,
 * J-LIS stops: the prefecture's outbox fills ({@code --fail-if-any} exits 1), a CS's peer outbox
 * holds a move for a CS that is not there, and the tool says J-LIS is not reachable (exit 3) while it
 * still prints the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminToolNetworkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPERATOR = "operator-local";
    private static final String POISON_ADDRESS = "東京都千代田区霞が関1丁目1番1号";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalNetwork network;
    private static Clerks clerks;
    private static Path description;
    /** The resident whose notice the first test discards: the prefecture and J-LIS never get it. */
    private static String discardedResident;

    @BeforeAll
    static void startNetwork(@TempDir Path var) {
        network = new LocalNetwork().national().prefecture("13").cs("131016").startAll();
        clerks = new Clerks(network);
        TestPki.certificate(OPERATOR);
        TestPki.certificate("clerk-131016");
        TestPki.certificate("agency-nenkin");
        // the description ./jukinet writes into var/, here for the test's network
        Map<String, URI> nodes = new LinkedHashMap<>();
        for (String node : List.of("national", "pref-13", "cs-131016")) {
            nodes.put(node, URI.create(network.baseUrl(node)));
        }
        description = var.resolve(NetworkDescription.FILE_NAME);
        new NetworkDescription(nodes, TestPki.directory(), OPERATOR).write(description);
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    record Run(int exit, String out, String err) {

        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    /** The tool as {@code ./jukinet admin <args>} runs it, on the test network's description. */
    private static Run admin(String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("--network=" + description);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = JukinetAdmin.execute(arguments.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void parkedNoticesAreListedReleasedAndDiscardedWithExitCodesAScriptReads() {
        network.database("pref-13").sql("ALTER TABLE residents ADD CONSTRAINT refused_in_test CHECK "
                + "(identity->'address'->>'text' <> '" + POISON_ADDRESS + "')").update();
        String released = (String) clerks.newResident("131016", POISON_ADDRESS).get("residentCode");
        String discarded = (String) clerks.newResident("131016", POISON_ADDRESS).get("residentCode");
        discardedResident = discarded;
        String after = (String) clerks.newResident("131016").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", after) != null);

        Run listed = admin("parked", "list", "--json");
        assertThat(listed.exit()).as(listed.err()).isEqualTo(ExitCode.OK);
        JsonNode document = listed.json();
        assertThat(document.get("total").asLong()).isEqualTo(2);
        assertThat(document.get("nodes")).extracting(node -> node.get("node").asString()).containsExactly("national", "pref-13");
        JsonNode atPrefecture = document.get("nodes").get(1);
        assertThat(atPrefecture.get("count").asLong()).isEqualTo(2);
        List<String> codes = new ArrayList<>();
        atPrefecture.get("parked").forEach(entry -> {
            assertThat(entry.get("source").asString()).isEqualTo("cs-131016");
            assertThat(entry.get("reason").asString()).isEqualTo("REFUSED");
            codes.add(entry.get("residentCode").asString());
        });
        assertThat(codes).containsExactly(released, discarded);
        assertThat(listed.out()).doesNotContain(POISON_ADDRESS);
        long releasedSequence = atPrefecture.get("parked").get(0).get("sequence").asLong();
        long discardedSequence = atPrefecture.get("parked").get(1).get("sequence").asLong();

        Run findings = admin("parked", "list", "--fail-if-any");
        assertThat(findings.exit()).isEqualTo(ExitCode.FINDING);
        List<String> lines = findings.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NODE     SOURCE     SEQUENCE  RESIDENT");
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(1, 3)).allSatisfy(line -> assertThat(line).startsWith("pref-13  cs-131016  "));
        assertThat(lines.get(1)).contains(released).contains("REFUSED");

        // released before its cause is gone: refused again, still parked, exit 1
        Run again = admin("parked", "release", "pref-13", "cs-131016", String.valueOf(releasedSequence));
        assertThat(again.exit()).isEqualTo(ExitCode.FINDING);
        assertThat(again.out()).contains("REFUSED");

        network.database("pref-13").sql("ALTER TABLE residents DROP CONSTRAINT refused_in_test").update();
        Run release = admin("parked", "release", "pref-13", "cs-131016", String.valueOf(releasedSequence), "--json");
        assertThat(release.exit()).as(release.err()).isEqualTo(ExitCode.OK);
        assertThat(release.json().get("answer").get("outcome").asString()).isEqualTo("APPLIED");
        await().atMost(WAIT).until(() -> clerks.record("national", released) != null);

        Run discard = admin("parked", "discard", "pref-13", "cs-131016", String.valueOf(discardedSequence));
        assertThat(discard.exit()).as(discard.err()).isEqualTo(ExitCode.OK);
        assertThat(discard.out()).isEqualTo("pref-13 cs-131016#" + discardedSequence + ": DISCARDED\n");
        assertThat(network.database("pref-13").sql("SELECT discarded_by FROM discarded_notices WHERE sequence = :sequence")
                .param("sequence", discardedSequence).query(String.class).single()).isEqualTo(OPERATOR);

        // nothing parked any more; a notice not parked is a finding, not an error
        Run empty = admin("parked", "list", "--fail-if-any", "--node", "pref-13");
        assertThat(empty.exit()).isEqualTo(ExitCode.OK);
        assertThat(empty.out()).isEqualTo("No parked notices.\n");
        Run gone = admin("parked", "discard", "pref-13", "cs-131016", String.valueOf(discardedSequence));
        assertThat(gone.exit()).isEqualTo(ExitCode.FINDING);
        assertThat(gone.err()).contains("not discarded (404)").contains("is parked");
    }

    @Test
    @Order(2)
    void everyOutboxIsReadAndDrainedAndThePurgeRuns() {
        clerks.newResident("131016");
        // the CS's notice outbox up to the prefecture, the prefecture's up to J-LIS: acknowledged through what was numbered
        await().atMost(WAIT).until(() -> admin("outbox", "--fail-if-any").exit() == ExitCode.OK);
        Run outbox = admin("outbox", "--json");
        assertThat(outbox.exit()).as(outbox.err()).isEqualTo(ExitCode.OK);
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        outbox.json().get("nodes").forEach(node -> nodes.put(node.get("node").asString(), node));
        assertThat(nodes).containsOnlyKeys("national", "pref-13", "cs-131016");
        JsonNode cs = outbox(nodes.get("cs-131016"), "notice");
        long registered = network.database("cs-131016").sql("SELECT count(*) FROM notice_outbox").query(Long.class).single();
        assertThat(cs.get("depth").asLong()).isZero();
        assertThat(cs.get("numberedThrough").asLong()).isEqualTo(registered);
        assertThat(cs.get("acknowledgedThrough").asLong()).isEqualTo(registered);
        assertThat(cs.has("lagSeconds")).as("no lag: nothing waits").isFalse();
        assertThat(outbox(nodes.get("cs-131016"), "peer")).as("no move yet: the CS's peer outbox has no destination").isNull();
        JsonNode prefecture = outbox(nodes.get("pref-13"), "notice");
        assertThat(prefecture.get("depth").asLong()).isZero();
        assertThat(prefecture.get("acknowledgedThrough").asLong()).isEqualTo(prefecture.get("numberedThrough").asLong())
                .isPositive();
        // the prefecture applied the CS's stream through its last sequence; J-LIS the prefecture's
        assertThat(nodes.get("pref-13").get("inbound").get(0).get("source").asString()).isEqualTo("cs-131016");
        assertThat(nodes.get("pref-13").get("inbound").get(0).get("appliedThrough").asLong()).isEqualTo(registered);
        assertThat(nodes.get("national").get("inbound").get(0).get("appliedThrough").asLong())
                .isEqualTo(prefecture.get("numberedThrough").asLong());
        assertThat(outbox(nodes.get("national"), "webhook").get("depth").asLong()).isZero();

        Run text = admin("outbox", "--node", "cs-131016");
        assertThat(text.exit()).isEqualTo(ExitCode.OK);
        assertThat(text.out().lines().findFirst().orElseThrow())
                .isEqualTo("NODE       OUTBOX  DESTINATION  DEPTH  LAG  NUMBERED  ACKED  OLDEST");
        assertThat(text.out()).contains("cs-131016  notice  uplink       0      -    " + registered);

        Run purge = admin("purge", "--all", "--json");
        assertThat(purge.exit()).as(purge.err()).isEqualTo(ExitCode.OK);
        assertThat(purge.json().get("nodes")).extracting(node -> node.get("node").asString()).containsExactly("national", "pref-13");
        assertThat(purge.json().get("nodes")).allSatisfy(node -> assertThat(node.get("removed").asLong()).isZero());
    }

    /**
     * The consistency check, J-LIS's rebuild state and the provision chain, as a script runs them: the
     * notice discarded in the first test left its resident at the CS only, which the check names
     * (exit 1); the repair has the CS send it again, after which the check exits 0; J-LIS serves and
     * refuses a rebuild into its register (exit 1); the chain's heads are exchanged and checked, and
     * an export verifies offline until a head in it is altered.
     */
    @Test
    @Order(3)
    void theConsistencyCheckTheRebuildAndTheChainAreRunAsAScriptRunsThem(@TempDir Path exports) throws Exception {
        Run check = admin("check", "--json");
        assertThat(check.exit()).as(check.err()).isEqualTo(ExitCode.FINDING);
        assertThat(check.json().get("differences").asLong()).isPositive();
        assertThat(check.out()).contains(discardedResident);
        Run text = admin("check", "--municipality", "131016");
        assertThat(text.exit()).isEqualTo(ExitCode.FINDING);
        assertThat(text.out().lines().findFirst().orElseThrow()).startsWith("MUNICIPALITY  PEER");
        assertThat(text.out()).contains(discardedResident + "  MISSING");
        Run repair = admin("check", "--repair");
        assertThat(repair.exit()).as("what differed before the repair").isEqualTo(ExitCode.FINDING);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin("check").exit()).isEqualTo(ExitCode.OK));
        assertThat(admin("check", "--node", "national").exit()).as("only prefecture servers run it").isEqualTo(ExitCode.USAGE);

        Run status = admin("rebuild", "status", "--json");
        assertThat(status.exit()).as(status.err()).isEqualTo(ExitCode.OK);
        assertThat(status.json().get("rebuild").get("state").asString()).isEqualTo("SERVING");
        Run start = admin("rebuild", "start");
        assertThat(start.exit()).isEqualTo(ExitCode.FINDING);
        assertThat(start.err()).contains("J-LIS refused the rebuild");
        // a prefecture server is rebuilt from its CSs the same way: it serves, and refuses a rebuild into its register
        Run prefecture = admin("rebuild", "start", "--node", "pref-13");
        assertThat(prefecture.exit()).as(prefecture.err()).isEqualTo(ExitCode.FINDING);
        assertThat(prefecture.err()).contains("pref-13 refused the rebuild");
        assertThat(admin("rebuild", "status", "--node", "cs-131016").exit()).as("a CS is not rebuilt").isEqualTo(ExitCode.USAGE);

        Run exchange = admin("chain", "exchange");
        assertThat(exchange.exit()).as(exchange.err()).isEqualTo(ExitCode.OK);
        Run verify = admin("chain", "verify", "--json");
        List<String> statuses = new ArrayList<>();
        verify.json().get("nodes").forEach(node -> statuses.add(node.get("report").get("status").asString()));
        assertThat(statuses).hasSize(2);
        assertThat(verify.exit()).as("exit 0 exactly when every chain agrees: %s", statuses)
                .isEqualTo(statuses.stream().allMatch("AGREES"::equals) ? ExitCode.OK : ExitCode.FINDING);

        Path export = exports.resolve("national-chain.ndjson");
        Run exported = admin("chain", "export", "--node", "national", "--out", export.toString());
        assertThat(exported.exit()).as(exported.err()).isEqualTo(ExitCode.OK);
        Run offline = admin("chain", "verify-export", export.toString());
        assertThat(offline.exit()).as(offline.err()).isEqualTo(ExitCode.OK);
        assertThat(offline.out()).startsWith("VERIFIED");
        // one hex digit of a signed head's hash changed: its signature no longer holds
        String file = java.nio.file.Files.readString(export);
        java.util.regex.Matcher hash = java.util.regex.Pattern.compile("\"hash\"\\s*:\\s*\"([0-9a-f])").matcher(file);
        assertThat(hash.find()).as("the export holds a signed head").isTrue();
        String altered = file.substring(0, hash.start(1)) + (hash.group(1).equals("0") ? "1" : "0") + file.substring(hash.end(1));
        Path tampered = exports.resolve("tampered.ndjson");
        java.nio.file.Files.writeString(tampered, altered);
        Run refused = admin("chain", "verify-export", tampered.toString());
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(ExitCode.FINDING);
        assertThat(refused.err()).contains("NOT VERIFIED");
    }

    /** Attack: the tool with anyone's real certificate but an operator's, or through the gateway, is refused. */
    @Test
    @Order(4)
    void theToolWithAClerksOrAnAgencysCertificateOrThroughTheGatewayIsRefusedAndExitsThree() {
        for (String intruder : List.of("clerk-131016", "agency-nenkin")) {
            Run refused = admin("parked", "list", "--identity", intruder, "--pki", TestPki.directory().toString());
            assertThat(refused.exit()).as(intruder).isEqualTo(ExitCode.NODE);
            assertThat(refused.err()).as(intruder).contains("refused the call (403)").contains("only operators (operator-*)");
            Run discard = admin("parked", "discard", "pref-13", "cs-131016", "1", "--identity", intruder);
            assertThat(discard.exit()).as(intruder).isEqualTo(ExitCode.NODE);
            Run purge = admin("purge", "--node", "national", "--identity", intruder);
            assertThat(purge.exit()).as(intruder).isEqualTo(ExitCode.NODE);
        }
        // the gateway routes no node's actuator, whoever asks
        Run throughGateway = admin("outbox", "--url", "national=" + network.baseUrl("gateway"), "--json");
        assertThat(throughGateway.exit()).isEqualTo(ExitCode.NODE);
        assertThat(throughGateway.json().get("nodes").get(0).get("error").get("kind").asString()).isIn("REFUSED", "NOT_SERVED");
    }

    /**
     * Last: J-LIS stops, and a resident of 千代田区 moves out to 渋谷区 with their card (特例転出), whose
     * CS is not in this network: the prefecture's outbox to J-LIS and the CS's peer outbox to 渋谷区
     * fill, and the tool says so, and says who is not reachable.
     */
    @Test
    @Order(5)
    void aStoppedNodeIsExitThreeAndAFillingOutboxIsAFinding() {
        String mover = (String) clerks.newResident("131016").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", mover) != null);
        network.stop("national");
        assertThat(clerks.moveOut("131016", mover, "131130", Clerks.today()).getStatusCode().is2xxSuccessful()).isTrue();
        await().atMost(WAIT).until(() -> clerks.reasons("pref-13", mover).contains("MOVE_OUT"));

        Run prefecture = admin("outbox", "--node", "pref-13", "--fail-if-any", "--json");
        assertThat(prefecture.exit()).as(prefecture.err()).isEqualTo(ExitCode.FINDING);
        JsonNode notice = outbox(prefecture.json().get("nodes").get(0), "notice");
        assertThat(notice.get("depth").asLong()).isPositive();
        // what waits is what was numbered after the last acknowledged sequence, and what is not numbered yet
        assertThat(notice.get("depth").asLong()).isEqualTo(notice.get("numberedThrough").asLong()
                - notice.get("acknowledgedThrough").asLong() + notice.get("unnumbered").asLong());
        assertThat(notice.get("oldestUnacknowledgedAt").isString()).isTrue();
        assertThat(prefecture.json().get("findings").get(0).asString()).startsWith("pref-13 notice → uplink: ");
        // a lag limit far above the age of what waits is no finding
        assertThat(admin("outbox", "--node", "pref-13", "--max-lag", "3600").exit()).isEqualTo(ExitCode.OK);

        Run cs = admin("outbox", "--node", "cs-131016", "--json");
        assertThat(cs.exit()).as(cs.err()).isEqualTo(ExitCode.OK);
        JsonNode peer = outbox(cs.json().get("nodes").get(0), "peer");
        assertThat(peer.get("destination").asString()).isEqualTo("cs-131130");
        assertThat(peer.get("depth").asLong()).isEqualTo(1);
        assertThat(peer.get("acknowledgedThrough").asLong()).isZero();

        Run all = admin("outbox", "--json");
        assertThat(all.exit()).isEqualTo(ExitCode.NODE);
        assertThat(all.err()).contains("national (" + network.baseUrl("national") + ") is not reachable");
        assertThat(all.json().get("nodes")).extracting(node -> node.get("node").asString())
                .containsExactly("national", "pref-13", "cs-131016");
        assertThat(all.json().get("nodes").get(0).get("error").get("kind").asString()).isEqualTo("UNREACHABLE");
        assertThat(outbox(all.json().get("nodes").get(1), "notice").get("depth").asLong()).isPositive();
    }

    /** The node's outbox of {@code kind}, or {@code null}. */
    private static JsonNode outbox(JsonNode node, String kind) {
        for (JsonNode outbox : node.get("outboxes")) {
            if (outbox.get("kind").asString().equals(kind)) {
                return outbox;
            }
        }
        return null;
    }
}
