package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.WebhookDelivery;
import jp.jukinet.model.subscription.WebhookSignatures;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * Push-type notification (プッシュ型通知, F6) end to end, the headline: the Japan Pension
 * Service (日本年金機構, {@code agency-nenkin}, its real certificate) subscribes under its national
 * rule for the change check (住基法 第30条の9, {@value #RULE}) to every change of the persons it
 * lists, with a webhook endpoint of its own; the endpoint is a real HTTPS server with its
 * {@code webhook-agency-nenkin} certificate that verifies every request with the agency kit's
 * {@link WebhookVerifier}. The feeds and the delivery loop are the national server's own
 * ({@code SubscriptionFeeds}, {@code WebhookDeliveryLoop}), and every request crosses the gateway:
 * the changes go CS → prefecture → J-LIS, the deliveries J-LIS → gateway (outbound route) → endpoint.
 *
 * <p>What it proves: while the endpoint is down for a stretch of births' follow-ups, moves within a
 * municipality and across prefectures, name changes and a death, delivery retries with back-off and
 * parks; resumed by the agency through the gateway, the endpoint receives every event exactly once
 * and in sequence, each carrying its change's reason, date and the rule's fields of the person as
 * J-LIS recorded them; a pull through the gateway streams the same events, and from any point; a
 * batch whose acknowledgement is lost comes again and is recognised by its sequence numbers; a
 * replayed, a tampered and a forged request (sent with an attacker's real certificate) are refused by
 * the verifier and change nothing. Delays are made small through the delivery's properties.
 */
class PushNotificationEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String SUBSCRIPTIONS = "/api/v1/national/subscriptions";
    private static final String AGENCY = "agency-nenkin";
    static final String RULE = "nenkin-30-9-change-check";
    private static final Duration POLL = Duration.ofMillis(50);

    private static Endpoint endpoint;
    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void start() throws IOException {
        endpoint = new Endpoint();
        network = new LocalNetwork()
                // the endpoint the pension service registers is the only one the gateway may deliver to
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].agency", AGENCY)
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].uri", endpoint.uri())
                .national()
                // the production figures (1 s doubling to 10 min, parked after 24 h) made small
                .property("national", "jukinet.subscription.delivery.poll-interval", POLL.toMillis() + "ms")
                .property("national", "jukinet.subscription.delivery.initial-backoff", "100ms")
                .property("national", "jukinet.subscription.delivery.max-backoff", "800ms")
                .property("national", "jukinet.subscription.delivery.park-after", "2s")
                .property("national", "jukinet.subscription.delivery.heartbeat-interval", "500ms")
                .prefecture("13").prefecture("27").cs("131016").cs("271004")
                .startAll();
        clerks = new Clerks(network);
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
        endpoint.close();
    }

    @Test
    void anAgencyDownForAStretchOfChangesGetsEveryEventOnceInSequenceByWebhookAndByPull() throws Exception {
        // the persons the pension service follows: four residents and a child born at 千代田区; and one it does not
        String mover = code(clerks.newResident("131016"));
        String neighbour = code(clerks.newResident("131016"));
        String dies = code(clerks.newResident("131016"));
        String osakan = code(clerks.newResident("271004"));
        String child = code(created(clerks.notify("131016", null, birth())));
        String unlisted = code(clerks.newResident("131016"));
        List<String> listed = List.of(mover, neighbour, dies, osakan, child);
        await().atMost(WAIT).until(() -> Stream.concat(listed.stream(), Stream.of(unlisted))
                .allMatch(code -> clerks.record("national", code) != null));

        // the endpoint is down (503) from before the subscription exists until the agency comes back
        UUID id = UUID.fromString(id(create("{\"basis\":\"" + RULE + "\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\","
                + "\"endpoint\":\"" + endpoint.uri() + "\"}")));
        PublishedKeys keys = agency().get().uri("/api/v1/national/subscription-keys").retrieve().body(PublishedKeys.class);
        endpoint.verifier = WebhookVerifier.of(keys, URI.create(endpoint.uri()), id, Clock.systemUTC(), Duration.ofMinutes(5));
        assertThat(lines(targets(id, listed.stream().map(code -> "{\"op\":\"add\",\"residentCode\":\"" + code + "\"}\n")
                .collect(Collectors.joining())))).extracting(line -> line.get("outcome").asString())
                .containsExactly("ADDED", "ADDED", "ADDED", "ADDED", "ADDED");
        Set<UUID> before = changeIds(listed);

        // a stretch of changes at both prefectures' CSs while the endpoint is down
        created(clerks.notify("131016", null, nameChange(mover, "木村", "キムラ")));
        created(clerks.notify("131016", null, moveWithin(neighbour, "東京都千代田区永田町1丁目7番1号")));
        created(clerks.notify("131016", null, moveWithin(child, "東京都千代田区丸の内1丁目1番1号")));
        created(clerks.notify("271004", null, nameChange(osakan, "松本", "マツモト")));
        created(clerks.notify("131016", null, moveWithin(unlisted, "東京都千代田区九段南1丁目2番1号")));
        created(clerks.notify("131016", null, Map.of("type", "DEATH", "effectiveDate", Clerks.today(), "residentCode", dies)));
        String moveId = (String) ((Map<?, ?>) created(clerks.moveOut("131016", mover, "271004", Clerks.today())).get("move"))
                .get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));
        created(clerks.moveIn("271004", mover, Clerks.today(), Map.of()));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.reasons("national", mover))
                    .containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT", "NAME_CHANGE");
            assertThat(clerks.reasons("national", neighbour)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_WITHIN");
            assertThat(clerks.reasons("national", child)).containsExactly("BIRTH", "MOVE_WITHIN");
            assertThat(clerks.reasons("national", osakan)).containsExactly("MOVE_IN_FROM_ABROAD", "NAME_CHANGE");
            assertThat(clerks.reasons("national", dies)).containsExactly("DEATH", "MOVE_IN_FROM_ABROAD");
            assertThat(clerks.reasons("national", unlisted)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_WITHIN");
        });
        Set<UUID> expected = new HashSet<>(changeIds(listed));
        expected.removeAll(before);
        assertThat(expected).as("the listed persons' changes since they were listed").hasSize(8);
        // 千代田区's 除票, completed after 大阪市's 転入 reached J-LIS, went to the history only and feeds nothing
        // (SubscriptionFeeds.fanOut); whether it came before or after is a race between the two prefectures
        Set<UUID> superseded = superseded(listed);
        assertThat(superseded).allSatisfy(change -> assertThat(reasonOf(change)).isEqualTo("MOVE_OUT"));
        assertThat(superseded).hasSizeLessThanOrEqualTo(1);
        expected.removeAll(superseded);
        int n = expected.size();

        // delivery tried, backed off and parked; nothing was acknowledged, so nothing counts as delivered
        JsonNode parked = await().atMost(WAIT).until(() -> delivery(id),
                status -> status.get("parked").asBoolean() && status.get("head").asLong() == n);
        assertThat(parked.get("deliveredThrough").asLong()).isZero();
        assertThat(parked.get("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(parked.get("lastProblem").asString()).contains("503");
        List<Endpoint.Attempt> failed = endpoint.attempts();
        assertThat(failed).isNotEmpty().allMatch(attempt -> attempt.status() == 503);
        assertThat(endpoint.applied()).isEmpty();
        // back-off: over the time it failed, far fewer attempts than the loop's polls
        long failingMillis = Duration.between(failed.get(0).at(), failed.get(failed.size() - 1).at()).toMillis();
        assertThat(failingMillis).isGreaterThanOrEqualTo(1_500);
        assertThat((long) failed.size()).as("attempts in %d ms", failingMillis)
                .isLessThan(failingMillis / POLL.toMillis() / 3);

        // the endpoint is back; the parked channel stays parked until the agency resumes it through the gateway
        endpoint.up();
        assertThat(delivery(id).get("parked").asBoolean()).isTrue();
        assertThat(endpoint.attempts()).hasSameSizeAs(failed);
        ResponseEntity<String> resumed = agency().post().uri(SUBSCRIPTIONS + "/{id}/delivery/resume", id).retrieve()
                .toEntity(String.class);
        assertThat(resumed.getStatusCode()).as(resumed.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(json(resumed.getBody()).get("parked").asBoolean()).isFalse();

        // every event exactly once, in sequence, each request verified, all through the gateway
        await().atMost(WAIT).untilAsserted(() -> assertThat(endpoint.appliedSequences()).hasSize(n));
        assertThat(endpoint.appliedSequences()).containsExactlyElementsOf(sequences(1, n));
        assertThat(endpoint.received()).as("each event arrived once").containsExactlyElementsOf(sequences(1, n));
        assertThat(endpoint.refusals()).isEmpty();
        assertThat(endpoint.peers()).containsOnly("gateway");
        List<SubscriptionEvent> webhook = endpoint.applied();
        assertThat(webhook).extracting(SubscriptionEvent::changeId).containsExactlyInAnyOrderElementsOf(expected);
        assertMatchNationalChanges(webhook);
        assertThat(reasonsOf(webhook, osakan)).containsExactly(ChangeReason.NAME_CHANGE);
        assertThat(reasonsOf(webhook, dies)).containsExactly(ChangeReason.DEATH);
        assertThat(reasonsOf(webhook, child)).containsExactly(ChangeReason.MOVE_WITHIN);
        // the move across prefectures: 大阪市's 転入 and 千代田区's changes (the name, the 転出 planned, then completed)
        // in one feed; what one prefecture notified keeps its order, the two prefectures' interleave as J-LIS recorded them
        List<ChangeReason> fromChiyoda = superseded.isEmpty()
                ? List.of(ChangeReason.NAME_CHANGE, ChangeReason.MOVE_OUT, ChangeReason.MOVE_OUT)
                : List.of(ChangeReason.NAME_CHANGE, ChangeReason.MOVE_OUT);
        assertThat(reasonsOf(webhook, mover)).filteredOn(reason -> reason == ChangeReason.MOVE_IN).hasSize(1);
        assertThat(reasonsOf(webhook, mover)).filteredOn(reason -> reason != ChangeReason.MOVE_IN)
                .containsExactlyElementsOf(fromChiyoda);
        await().atMost(WAIT).untilAsserted(() -> assertThat(delivery(id).get("deliveredThrough").asLong()).isEqualTo(n));
        // every event handed over was recorded first as a provision to the pension service (F7)
        assertThat(provided()).isEqualTo(n);

        // by pull through the gateway: the same events, from the start and from any sequence
        List<JsonNode> pulled = lines(events(id, 0));
        assertThat(pulled).extracting(event -> event.get("sequence").asLong()).containsExactlyElementsOf(sequences(1, n));
        assertThat(pulled).extracting(JsonNode::toString)
                .containsExactlyElementsOf(webhook.stream().map(event -> tree(event).toString()).toList());
        int k = 3;
        assertThat(lines(events(id, k))).extracting(event -> event.get("sequence").asLong())
                .containsExactlyElementsOf(sequences(k + 1, n));
        assertThat(provided()).isEqualTo(n + n + (n - k));

        // an acknowledgement lost: the endpoint applies a batch and answers 500; J-LIS sends the batch again,
        // and the agency recognises what it applied by sequence (the kit gives it only the new events)
        endpoint.loseNextAcknowledgement();
        created(clerks.notify("131016", null, nameChange(neighbour, "斎藤", "サイトウ")));
        created(clerks.notify("131016", null, moveWithin(child, "東京都千代田区霞が関1丁目1番1号")));
        int m = n + 2;
        await().atMost(WAIT).untilAsserted(() -> assertThat(endpoint.appliedSequences()).hasSize(m));
        await().atMost(WAIT).untilAsserted(() -> assertThat(delivery(id).get("deliveredThrough").asLong()).isEqualTo(m));
        assertThat(endpoint.appliedSequences()).containsExactlyElementsOf(sequences(1, m));
        assertThat(endpoint.attempts()).filteredOn(attempt -> attempt.status() == 500).hasSize(1);
        List<SubscriptionEvent> duplicates = endpoint.duplicates();
        assertThat(duplicates).as("the batch that came again").isNotEmpty()
                .allMatch(duplicate -> duplicate.sequence() > n && duplicate.sequence() <= m);
        Map<Long, SubscriptionEvent> applied = endpoint.applied().stream()
                .collect(Collectors.toMap(SubscriptionEvent::sequence, event -> event));
        assertThat(duplicates).allSatisfy(duplicate -> assertThat(tree(duplicate))
                .isEqualTo(tree(applied.get(duplicate.sequence()))));
        assertMatchNationalChanges(endpoint.applied());
        // the channel is alive: a heartbeat carries the head and no events
        await().atMost(WAIT).until(() -> endpoint.heartbeats().stream().anyMatch(head -> head == m));

        // attacks on the endpoint, from a host of the network with a real certificate of its own (not the gateway's)
        RestClient attacker = TestPki.client(endpoint.base(), "agency-sia");
        Endpoint.Request genuine = endpoint.lastGenuineWithEvents();
        // a genuine request captured and sent again
        assertThat(send(attacker, genuine.headers(), genuine.body())).isEqualTo(401);
        // the same, its body altered (the changes turned into deaths)
        byte[] tampered = new String(genuine.body(), StandardCharsets.UTF_8)
                .replaceAll("\"reason\":\"[A-Z_]+\"", "\"reason\":\"DEATH\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(tampered).isNotEqualTo(genuine.body());
        assertThat(send(attacker, genuine.headers(), tampered)).isEqualTo(401);
        // a delivery made up and signed with the attacker's own key under J-LIS's key id
        SubscriptionEvent last = applied.get((long) m);
        WebhookDelivery madeUp = new WebhookDelivery(id, m + 1, List.of(new SubscriptionEvent(m + 1, EventKind.CHANGE,
                UUID.randomUUID(), ChangeReason.DEATH, LocalDate.now(), Instant.now(), last.information())), Instant.now());
        byte[] forgedBody = JukiNetJson.mapper().writeValueAsBytes(madeUp);
        Map<String, String> forged = WebhookSignatures.sign("POST", URI.create(endpoint.uri()), forgedBody, attackerKey(),
                keys.keys().get(0).kid(), Instant.now(), "attacker-nonce-1").asMap();
        assertThat(send(attacker, forged, forgedBody)).isEqualTo(401);
        assertThat(endpoint.refusals()).extracting(Verification.Refused::reason).containsExactly(
                Verification.Reason.REPLAYED, Verification.Reason.DIGEST_MISMATCH, Verification.Reason.BAD_SIGNATURE);
        assertThat(endpoint.appliedSequences()).as("nothing of the attacks applied").containsExactlyElementsOf(sequences(1, m));
    }

    /** Each event carries its change's reason and date and exactly the rule's fields of the person as J-LIS recorded them. */
    private static void assertMatchNationalChanges(List<SubscriptionEvent> events) {
        Set<IdentityField> fields = network.bean("national", ProvisionRules.class).byId(RULE).orElseThrow().fields();
        for (SubscriptionEvent event : events) {
            Map<String, Object> change = network.database("national").sql("""
                            SELECT reason, effective_date::text AS effective, identity::text AS identity
                            FROM resident_history WHERE change_id = :id""")
                    .param("id", event.changeId()).query().singleRow();
            IdentityInformation identity = JukiNetJson.mapper().readValue((String) change.get("identity"),
                    IdentityInformation.class);
            assertThat(event.kind()).isEqualTo(EventKind.CHANGE);
            assertThat(event.reason().name()).as("event %d", event.sequence()).isEqualTo(change.get("reason"));
            assertThat(event.changeDate()).as("event %d", event.sequence()).hasToString((String) change.get("effective"));
            assertThat(tree(event.information())).as("event %d", event.sequence())
                    .isEqualTo(tree(LookupResult.provided(identity, fields)));
        }
    }

    private static List<ChangeReason> reasonsOf(List<SubscriptionEvent> events, String residentCode) {
        return events.stream().filter(event -> residentCode.equals(event.information().residentCode().value()))
                .map(SubscriptionEvent::reason).toList();
    }

    /** The national change ids of the persons' histories. */
    private static Set<UUID> changeIds(List<String> codes) {
        return new HashSet<>(network.database("national").sql(
                        "SELECT change_id FROM resident_history WHERE resident_code = ANY (string_to_array(:codes, ',')::char(11)[])")
                .param("codes", String.join(",", codes)).query(UUID.class).list());
    }

    /**
     * The persons' national changes recorded after a change of a newer residence of theirs: they went to
     * the history only.
     */
    private static Set<UUID> superseded(List<String> codes) {
        return new HashSet<>(network.database("national").sql("""
                        SELECT h.change_id FROM resident_history h
                        WHERE h.resident_code = ANY (string_to_array(:codes, ',')::char(11)[])
                          AND EXISTS (SELECT 1 FROM resident_history o WHERE o.resident_code = h.resident_code
                              AND o.recorded_at < h.recorded_at
                              AND coalesce((o.identity->>'residence')::int, 0) > coalesce((h.identity->>'residence')::int, 0))""")
                .param("codes", String.join(",", codes)).query(UUID.class).list());
    }

    private static String reasonOf(UUID change) {
        return network.database("national").sql("SELECT reason FROM resident_history WHERE change_id = :id")
                .param("id", change).query(String.class).single();
    }

    private static long provided() {
        return clerks.count("national", "SELECT count(*) FROM provision_records WHERE recipient = '" + AGENCY
                + "' AND basis = '" + RULE + "' AND outcome = 'PROVIDED'");
    }

    private static List<Long> sequences(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static int send(RestClient client, Map<String, String> headers, byte[] body) {
        return client.post().uri("/jukinet/events").headers(http -> headers.forEach((name, value) -> {
                    if (name.equalsIgnoreCase("Signature") || name.equalsIgnoreCase("Signature-Input")
                            || name.equalsIgnoreCase("Content-Digest") || name.equalsIgnoreCase("Content-Type")) {
                        http.set(name, value);
                    }
                })).body(body).retrieve().toBodilessEntity().getStatusCode().value();
    }

    private static PrivateKey attackerKey() throws NoSuchAlgorithmException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
    }

    private static Map<String, Object> birth() {
        return Map.of("type", "BIRTH", "effectiveDate", Clerks.today(),
                "person", Map.of("name", Map.of("family", "山田", "given", "未来", "familyKana", "ヤマダ", "givenKana", "ミライ"),
                        "dateOfBirth", Clerks.today(), "sex", "FEMALE",
                        "address", Map.of("text", Clerks.ADDRESSES.get("131016"))));
    }

    private static Map<String, Object> nameChange(String code, String family, String familyKana) {
        return Map.of("type", "NAME_CHANGE", "effectiveDate", Clerks.today(), "residentCode", code,
                "person", Map.of("name", Map.of("family", family, "given", "花子", "familyKana", familyKana,
                        "givenKana", "ハナコ")));
    }

    private static Map<String, Object> moveWithin(String code, String address) {
        return Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(), "residentCode", code,
                "person", Map.of("address", Map.of("text", address)));
    }

    private static String code(Map<String, Object> created) {
        return (String) created.get("residentCode");
    }

    private static RestClient agency() {
        return network.client("gateway", AGENCY);
    }

    private static ResponseEntity<String> create(String body) {
        return agency().post().uri(SUBSCRIPTIONS).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    private static String id(ResponseEntity<String> created) {
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        return json(created.getBody()).get("id").asString();
    }

    private static ResponseEntity<String> targets(UUID id, String ndjson) {
        return agency().post().uri(SUBSCRIPTIONS + "/{id}/targets", id)
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body(ndjson).retrieve().toEntity(String.class);
    }

    private static ResponseEntity<String> events(UUID id, long after) {
        return agency().get().uri(SUBSCRIPTIONS + "/{id}/events?after={after}", id, after).retrieve().toEntity(String.class);
    }

    private static JsonNode delivery(UUID id) {
        ResponseEntity<String> answer = agency().get().uri(SUBSCRIPTIONS + "/{id}/delivery", id).retrieve()
                .toEntity(String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json(answer.getBody());
    }

    private static List<JsonNode> lines(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        String body = answer.getBody() == null ? "" : answer.getBody();
        return body.lines().filter(line -> !line.isBlank()).map(PushNotificationEndToEndTest::json).toList();
    }

    private static JsonNode json(String text) {
        return JukiNetJson.mapper().readTree(text);
    }

    private static JsonNode tree(Object value) {
        return JukiNetJson.mapper().valueToTree(value);
    }

    /**
     * The pension service's webhook endpoint as an agency system would run it: mutual TLS with its
     * {@code webhook-agency-nenkin} server certificate, every request verified with the kit before
     * anything of it is applied, the events applied in sequence (the last applied sequence is what it
     * tells the verifier), refused requests answered 401. It can be down (503) or lose the answer
     * to one batch it applied (500).
     */
    private static final class Endpoint implements AutoCloseable {

        record Attempt(Instant at, int status) {
        }

        record Request(Map<String, String> headers, byte[] body) {
        }

        private enum Mode { DOWN, UP, LOSE_NEXT_ACKNOWLEDGEMENT }

        private final HttpsServer server;
        private final List<SubscriptionEvent> applied = new ArrayList<>();
        private final List<Long> received = new ArrayList<>();
        private final List<SubscriptionEvent> duplicates = new ArrayList<>();
        private final List<Long> heartbeats = new ArrayList<>();
        private final List<Verification.Refused> refusals = new ArrayList<>();
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<String> peers = new ArrayList<>();
        private Request lastGenuineWithEvents;
        private Mode mode = Mode.DOWN;
        volatile WebhookVerifier verifier;

        Endpoint() throws IOException {
            server = AgencyWebhookServer.mutualTls("webhook-agency-nenkin");
            server.createContext("/jukinet/events", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    Map<String, String> headers = new HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                    String peer = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName()
                            .replaceAll(".*CN=([^,]+).*", "$1");
                    int status = handle(exchange.getRequestMethod(), headers, body, peer);
                    exchange.sendResponseHeaders(status, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        private synchronized int handle(String method, Map<String, String> headers, byte[] body, String peer) {
            peers.add(peer);
            int status = answer(method, headers, body);
            attempts.add(new Attempt(Instant.now(), status));
            return status;
        }

        private int answer(String method, Map<String, String> headers, byte[] body) {
            if (mode == Mode.DOWN || verifier == null) {
                return 503;
            }
            long through = applied.isEmpty() ? 0 : applied.get(applied.size() - 1).sequence();
            Verification verification = verifier.verify(new WebhookRequest(method, headers, body), through);
            if (verification instanceof Verification.Refused refused) {
                refusals.add(refused);
                return 401;
            }
            Verification.Verified verified = (Verification.Verified) verification;
            List<SubscriptionEvent> events = verified.delivery().events();
            if (events.isEmpty()) {
                heartbeats.add(verified.delivery().head());
                return 204;
            }
            lastGenuineWithEvents = new Request(Map.copyOf(headers), body);
            events.forEach(event -> received.add(event.sequence()));
            duplicates.addAll(events.stream().filter(event -> event.sequence() <= through).toList());
            applied.addAll(verified.newEvents());
            if (mode == Mode.LOSE_NEXT_ACKNOWLEDGEMENT && !verified.newEvents().isEmpty()) {
                mode = Mode.UP;
                return 500; // applied, but the answer says otherwise: J-LIS will send the batch again
            }
            return 204;
        }

        synchronized void up() {
            mode = Mode.UP;
        }

        synchronized void loseNextAcknowledgement() {
            mode = Mode.LOSE_NEXT_ACKNOWLEDGEMENT;
        }

        synchronized List<SubscriptionEvent> applied() {
            return List.copyOf(applied);
        }

        synchronized List<Long> appliedSequences() {
            return applied.stream().map(SubscriptionEvent::sequence).toList();
        }

        /** The sequences of every event in every verified delivery, duplicates included. */
        synchronized List<Long> received() {
            return List.copyOf(received);
        }

        synchronized List<SubscriptionEvent> duplicates() {
            return List.copyOf(duplicates);
        }

        synchronized List<Long> heartbeats() {
            return List.copyOf(heartbeats);
        }

        synchronized List<Verification.Refused> refusals() {
            return List.copyOf(refusals);
        }

        synchronized List<Attempt> attempts() {
            return List.copyOf(attempts);
        }

        synchronized List<String> peers() {
            return List.copyOf(peers);
        }

        synchronized Request lastGenuineWithEvents() {
            return lastGenuineWithEvents;
        }

        String base() {
            return "https://localhost:" + server.getAddress().getPort();
        }

        String uri() {
            return base() + "/jukinet/events";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
