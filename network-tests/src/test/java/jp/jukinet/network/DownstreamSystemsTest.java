package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import jp.jukinet.downstream.DownstreamSystem;
import jp.jukinet.downstream.ipn.AgencyCodeDerivation;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.WebhookDelivery;
import jp.jukinet.model.subscription.WebhookSignatures;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * The downstream systems of J-LIS (F9) as real consumers beside real nodes: the card management
 * system and JPKI subscribe under their own rules, receive J-LIS's signed webhooks through the
 * gateway, and after births, moves within and between prefectures, name changes, deaths and a
 * 国外転出 — with card management down for a stretch and J-LIS restarted in the middle — each holds
 * exactly what J-LIS holds for its targets, every event applied once and in sequence. The
 * information-provision network derives a 機関別符号 from the resident code J-LIS gives it for a My
 * Number and keeps no My Number. Attacks with real certificates: another system's subscription, a
 * webhook sent by anyone but the gateway, a webhook signed with a key that is not J-LIS's.
 */
class DownstreamSystemsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CARDS = "agency-card-management";
    private static final String JPKI = "agency-jpki";
    private static final String IPN = "agency-ipn";
    private static final Map<String, String> BASIS = Map.of(CARDS, "jlis-30-9-card-management", JPKI, "jlis-30-9-jpki",
            IPN, "ipn-30-9-agency-codes");
    /** The information-provision network's 機関別符号 key in this test; known to every test and so to nobody's real codes. */
    private static final String CODE_KEY = "c2VjcmV0LWtleS1vZi10aGUtdGVzdC1pcG4tMzJieXRlcyE=";

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().prefecture("13").prefecture("27").cs("131016").cs("271004")
                // no pull but at start: what arrives while a system runs comes by webhook
                .downstream(CARDS, DownstreamSystem.CARD_MANAGEMENT, BASIS.get(CARDS), Map.of("jukinet.downstream.pull-interval", "1h"))
                .downstream(JPKI, DownstreamSystem.JPKI, BASIS.get(JPKI), Map.of("jukinet.downstream.pull-interval", "1h"))
                .downstream(IPN, DownstreamSystem.IPN, BASIS.get(IPN), Map.of("jukinet.downstream.code-key", CODE_KEY));
        network.gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].agency", CARDS)
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].uri", network.webhookEndpoint(CARDS))
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[1].agency", JPKI)
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[1].uri", network.webhookEndpoint(JPKI))
                // a receiver that was down is tried again within half a second, not the production ten minutes
                .property("national", "jukinet.subscription.delivery.poll-interval", "50ms")
                .property("national", "jukinet.subscription.delivery.initial-backoff", "50ms")
                .property("national", "jukinet.subscription.delivery.max-backoff", "500ms")
                .startAll();
        clerks = new Clerks(network);
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void cardManagementAndJpkiEndInStepWithJlisAfterBirthsMovesNameChangesAndDeathsWithCrashes() {
        List<String> tokyo = new ArrayList<>();
        List<String> osaka = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokyo.add((String) clerks.newResident("131016").get("residentCode"));
            osaka.add((String) clerks.newResident("271004").get("residentCode"));
        }
        String newborn = (String) created(clerks.notify("131016", null, Map.of("type", "BIRTH", "effectiveDate", Clerks.today(),
                "person", Map.of("name", Map.of("family", "山田", "given", "陽菜", "familyKana", "ヤマダ", "givenKana", "ヒナ"),
                        "dateOfBirth", Clerks.today(), "sex", "FEMALE",
                        "address", Map.of("text", Clerks.ADDRESSES.get("131016")))))).get("residentCode");
        List<String> everyone = new ArrayList<>(tokyo);
        everyone.addAll(osaka);
        everyone.add(newborn);
        await().atMost(WAIT).until(() -> everyone.stream().allMatch(code -> clerks.record("national", code) != null));

        // card management holds cards for everyone; JPKI certificates for some of them (not the newborn)
        List<String> withCertificates = List.of(tokyo.get(0), tokyo.get(1), tokyo.get(2), osaka.get(0), osaka.get(1));
        assertThat(enrol(CARDS, everyone)).containsOnly("ENROLLED");
        assertThat(enrol(JPKI, withCertificates)).containsOnly("ENROLLED");

        // changes while everything runs: by webhook
        rename("131016", tokyo.get(0), "木村");
        moveWithin("131016", tokyo.get(1), "東京都千代田区永田町1丁目7番1号");
        moveWithin("271004", osaka.get(0), "大阪府大阪市北区中之島2丁目1番1号");
        rename("131016", newborn, "佐藤");
        awaitInStep(CARDS, everyone);

        // card management is down for a stretch: a death, a move between prefectures, a name change
        network.stop(CARDS);
        died("131016", tokyo.get(2));
        moveBetweenPrefectures(tokyo.get(1), "131016", "271004");
        rename("271004", osaka.get(1), "高橋");
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", osaka.get(1))).isNotNull());
        awaitInStep(JPKI, withCertificates);
        long appliedBefore = appliedCount(CARDS);
        network.start(CARDS);
        // it caught up by pull at start, before it took a webhook
        assertThat(network.database(CARDS).sql("SELECT count(*) FROM applied_events WHERE channel = 'PULL'")
                .query(Long.class).single()).isGreaterThan(0);
        assertThat(appliedCount(CARDS)).isGreaterThan(appliedBefore);

        // J-LIS restarted in the middle of a stream of changes
        moveWithin("131016", tokyo.get(3), "東京都千代田区丸の内1丁目1番1号");
        rename("271004", osaka.get(2), "伊藤");
        network.restart("national");
        notify("271004", Map.of("type", "MOVE_OUT_ABROAD", "effectiveDate", Clerks.today(), "residentCode", osaka.get(3)));
        died("271004", osaka.get(0));
        rename("131016", tokyo.get(0), "中村");

        awaitInStep(CARDS, everyone);
        awaitInStep(JPKI, withCertificates);

        // the cards and certificates of the dead and of the person who left Japan ended; a move within Japan ends nothing
        assertThat(holding(CARDS, tokyo.get(2)).get("credential").asString()).isEqualTo("SUSPENDED");
        assertThat(holding(CARDS, tokyo.get(2)).get("credentialReason").asString()).isEqualTo("DEATH");
        assertThat(holding(CARDS, osaka.get(3)).get("credential").asString()).isEqualTo("SUSPENDED");
        assertThat(holding(CARDS, osaka.get(3)).get("credentialReason").asString()).isEqualTo("MOVE_OUT_ABROAD");
        assertThat(holding(CARDS, tokyo.get(1)).get("credential").asString()).isEqualTo("ACTIVE");
        assertThat(holding(CARDS, tokyo.get(1)).get("address").asString()).startsWith("大阪府");
        assertThat(holding(JPKI, tokyo.get(2)).get("credential").asString()).isEqualTo("REVOKED");
        assertThat(holding(JPKI, osaka.get(0)).get("credential").asString()).isEqualTo("REVOKED");
        assertThat(holding(JPKI, tokyo.get(0)).get("credential").asString()).isEqualTo("VALID");
        assertThat(holding(JPKI, tokyo.get(0)).get("familyName").asString()).isEqualTo("中村");
        // JPKI holds nothing of a person it issued no certificate to
        assertThat(operator(JPKI).get().uri("/api/v1/downstream/holdings/{code}", newborn).retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        for (String system : List.of(CARDS, JPKI)) {
            // every event of its feed applied exactly once, in sequence: 1..head, nothing more
            long head = json(agency(system).get().uri("/api/v1/national/subscriptions/{id}", subscription(system))
                    .retrieve().toEntity(String.class)).get("head").asLong();
            await().atMost(WAIT).until(() -> network.database(system).sql("SELECT applied_through FROM feed_position")
                    .query(Long.class).single() == head);
            List<Long> sequences = network.database(system).sql("SELECT sequence FROM applied_events ORDER BY sequence")
                    .query(Long.class).list();
            assertThat(sequences).hasSize((int) head);
            assertThat(sequences.get(sequences.size() - 1)).isEqualTo(head);
            assertThat(network.database(system).sql("SELECT count(*) FROM applied_events WHERE channel = 'WEBHOOK'")
                    .query(Long.class).single()).as("%s received webhooks", system).isGreaterThan(0);
            // and J-LIS recorded every event it handed over as a provision to the system under its rule (F7)
            assertThat(clerks.count("national", "SELECT count(*) FROM provision_records WHERE recipient = '" + system
                    + "' AND basis = '" + BASIS.get(system) + "' AND outcome = 'PROVIDED'")).isGreaterThanOrEqualTo(head);
        }
    }

    @Test
    void aSystemRestoredFromAnOlderBackupFillsTheGapByPullWhenTheNextWebhookSkipsAheadAndAppliesEachEventOnce() {
        String code = (String) clerks.newResident("271004").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null);
        assertThat(enrol(JPKI, List.of(code))).containsOnly("ENROLLED");
        rename("271004", code, "渡辺");
        moveWithin("271004", code, "大阪府大阪市北区中之島3丁目3番3号");
        awaitInStep(JPKI, List.of(code));
        await().atMost(WAIT).until(() -> network.database(JPKI).sql("SELECT applied_through FROM feed_position")
                .query(Long.class).single() == head(JPKI));
        long through = head(JPKI);
        // the system's database as a backup from before the last two events left it (its webhook channel at J-LIS
        // has delivered them: J-LIS will not send them again)
        network.database(JPKI).sql("DELETE FROM applied_events WHERE sequence > ?").param(through - 2).update();
        network.database(JPKI).sql("UPDATE feed_position SET applied_through = ?").param(through - 2).update();

        // the next change arrives by webhook, skipping ahead: the system reads the gap by pull, then takes the batch again
        rename("271004", code, "小林");
        awaitInStep(JPKI, List.of(code));
        await().atMost(WAIT).until(() -> network.database(JPKI).sql("SELECT applied_through FROM feed_position")
                .query(Long.class).single() == head(JPKI));
        List<String> channels = network.database(JPKI).sql(
                        "SELECT channel FROM applied_events WHERE sequence > ? ORDER BY sequence").param(through - 2)
                .query(String.class).list();
        assertThat(channels).hasSize((int) (head(JPKI) - (through - 2)));
        assertThat(channels.subList(0, 2)).containsOnly("PULL");
        assertThat(holding(JPKI, code).get("familyName").asString()).isEqualTo("小林");
    }

    @Test
    void theInformationProvisionNetworkDerivesAnAgencyCodeFromTheResidentCodeBehindAMyNumberAndKeepsNoMyNumber() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null
                && clerks.record("national", code).get("my_number") != null);
        String myNumber = (String) clerks.record("national", code).get("my_number");

        ResponseEntity<String> derived = operator(IPN).post().uri("/api/v1/downstream/agency-codes")
                .contentType(MediaType.APPLICATION_JSON).body("{\"myNumber\":\"" + myNumber + "\"}").retrieve()
                .toEntity(String.class);
        assertThat(derived.getStatusCode()).as(derived.getBody()).isEqualTo(HttpStatus.OK);
        String agencyCode = json(derived).get("agencyCode").asString();
        assertThat(agencyCode).isEqualTo(new AgencyCodeDerivation(CODE_KEY).derive(ResidentCode.of(code)));
        // asked again for the same number: the same code; and it answers by resident code
        assertThat(json(operator(IPN).post().uri("/api/v1/downstream/agency-codes").contentType(MediaType.APPLICATION_JSON)
                .body("{\"myNumber\":\"" + myNumber + "\"}").retrieve().toEntity(String.class)).get("agencyCode").asString())
                .isEqualTo(agencyCode);
        assertThat(json(operator(IPN).get().uri("/api/v1/downstream/agency-codes/{code}", code).retrieve()
                .toEntity(String.class)).get("agencyCode").asString()).isEqualTo(agencyCode);
        // J-LIS provided under the network's own rule and recorded it
        assertThat(clerks.count("national", "SELECT count(*) FROM provision_records WHERE recipient = 'agency-ipn' "
                + "AND basis = 'ipn-30-9-agency-codes' AND outcome = 'PROVIDED'")).isGreaterThanOrEqualTo(2);
        // the network holds no My Number anywhere
        String everything = network.database(IPN).sql("SELECT coalesce(string_agg(t::text, ' '), '') FROM agency_codes t")
                .query(String.class).single();
        assertThat(everything).contains(agencyCode).doesNotContain(myNumber);
        // a number J-LIS does not know
        String unknown = MyNumber.fromData(99_999_999_998L).value();
        assertThat(operator(IPN).post().uri("/api/v1/downstream/agency-codes").contentType(MediaType.APPLICATION_JSON)
                .body("{\"myNumber\":\"" + unknown + "\"}").retrieve().toEntity(String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void oneSystemsCertificateGetsNothingOfAnothersSubscriptionAndHoldings() {
        UUID cards = subscription(CARDS);
        RestClient jpki = agency(JPKI);
        assertThat(jpki.get().uri("/api/v1/national/subscriptions/{id}", cards).retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(jpki.get().uri("/api/v1/national/subscriptions/{id}/events?after=0", cards).retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(jpki.post().uri("/api/v1/national/subscriptions/{id}/targets", cards)
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body("{\"op\":\"remove\",\"residentCode\":\"12345678901\"}\n")
                .retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // nor may it ask card management what it holds: that API answers operators only
        assertThat(network.client(CARDS, JPKI).get().uri("/api/v1/downstream/holdings").retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aForgedWebhookIsRefusedAndNothingOfItIsApplied() throws Exception {
        String code = (String) clerks.newResident("131016").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null);
        assertThat(enrol(CARDS, List.of(code))).containsOnly("ENROLLED");
        await().atMost(WAIT).until(() -> holding(CARDS, code) != null);
        long through = network.database(CARDS).sql("SELECT applied_through FROM feed_position").query(Long.class).single();
        long applied = appliedCount(CARDS);

        // a delivery that says the person died, signed with the attacker's own key under J-LIS's keyid
        IdentityInformation dead = new IdentityInformation(ResidentCode.of(code), MyNumber.fromData(20_000_000_001L), PersonName.of("偽", "名", "ギ", "メイ"),
                LocalDate.of(1990, 1, 1), Sex.MALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"),
                ResidentStatus.REMOVED, new ChangeInformation(ChangeReason.DEATH, LocalDate.now(), LocalDate.now()));
        SubscriptionEvent event = new SubscriptionEvent(through + 1, EventKind.CHANGE, UUID.randomUUID(), ChangeReason.DEATH,
                LocalDate.now(), Instant.now(), LookupResult.provided(dead, EnumSet.of(IdentityField.NAME, IdentityField.RESIDENT_CODE,
                IdentityField.STATUS, IdentityField.CHANGE_INFORMATION)));
        byte[] body = JukiNetJson.mapper().writeValueAsBytes(new WebhookDelivery(subscription(CARDS), through + 1, List.of(event),
                Instant.now()));
        KeyPair attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, String> headers = WebhookSignatures.sign("POST", java.net.URI.create(network.webhookEndpoint(CARDS)), body,
                attacker.getPrivate(), "national-1", Instant.now(), "forged-" + UUID.randomUUID()).asMap();

        // sent with the attacker's own certificate: not the gateway, refused at the door
        ResponseEntity<String> direct = post(network.client(CARDS, "agency-nenkin"), headers, body);
        assertThat(direct.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // even over the gateway's own connection (a compromised gateway): the signature is not J-LIS's
        ResponseEntity<String> viaGateway = post(network.client(CARDS, "gateway"), headers, body);
        assertThat(viaGateway.getStatusCode()).as(viaGateway.getBody()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(viaGateway).get("reason").asString()).isEqualTo("BAD_SIGNATURE");
        // the same body altered after J-LIS's (here: the attacker's) signature: the digest gives it away
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("偽", "改").getBytes(StandardCharsets.UTF_8);
        assertThat(json(post(network.client(CARDS, "gateway"), headers, altered)).get("reason").asString())
                .isEqualTo("DIGEST_MISMATCH");

        assertThat(appliedCount(CARDS)).isEqualTo(applied);
        assertThat(holding(CARDS, code).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(holding(CARDS, code).get("credential").asString()).isEqualTo("ACTIVE");
    }

    // --- the changes, as the clerks register them

    private static void rename(String lg, String code, String family) {
        notify(lg, Map.of("type", "NAME_CHANGE", "effectiveDate", Clerks.today(), "residentCode", code,
                "person", Map.of("name", Map.of("family", family, "given", "花子", "familyKana", "カナ", "givenKana", "ハナコ"))));
    }

    private static void moveWithin(String lg, String code, String address) {
        notify(lg, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(), "residentCode", code,
                "person", Map.of("address", Map.of("text", address))));
    }

    private static void died(String lg, String code) {
        notify(lg, Map.of("type", "DEATH", "effectiveDate", Clerks.today(), "residentCode", code));
    }

    @SuppressWarnings("unchecked")
    private static void moveBetweenPrefectures(String code, String from, String to) {
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut(from, code, to, Clerks.today())).get("move"))
                .get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState(to, moveId)));
        created(clerks.moveIn(to, code, Clerks.today(), Map.of()));
        // J-LIS holds the person in force at the destination (the 除票's completion may follow, to the history only)
        await().atMost(WAIT).until(() -> {
            Map<String, Object> record = clerks.record("national", code);
            return record != null && "ACTIVE".equals(record.get("status")) && to.equals(record.get("municipality"));
        });
    }

    /**
     * Registers a change at the CS and waits until J-LIS has recorded it: the systems are compared with
     * J-LIS, so a change still on its way up would let a comparison pass that the change would fail.
     */
    private static void notify(String lg, Map<String, Object> body) {
        String code = (String) body.get("residentCode");
        int before = code == null ? 0 : clerks.reasons("national", code).size();
        created(clerks.notify(lg, null, body));
        if (code != null) {
            await().atMost(WAIT).until(() -> clerks.reasons("national", code).size() > before);
        }
    }

    // --- the systems, and J-LIS as they see it

    /** Waits until {@code system} holds, of each of {@code codes}, what J-LIS answers it under its rule. */
    private static void awaitInStep(String system, List<String> codes) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (String code : codes) {
                JsonNode jlis = lookup(system, code);
                JsonNode held = holding(system, code);
                assertThat(held).as("%s holds the person", system).isNotNull();
                JsonNode name = jlis.get("person").get("name");
                Map<String, String> expected = new LinkedHashMap<>();
                expected.put("familyName", name.get("family").asString());
                expected.put("givenName", name.get("given").asString());
                expected.put("address", jlis.get("person").get("address").get("text").asString());
                expected.put("status", jlis.get("status").asString());
                Map<String, String> actual = new LinkedHashMap<>();
                expected.keySet().forEach(key -> actual.put(key, held.get(key).asString()));
                assertThat(actual).as("%s in step with J-LIS", system).isEqualTo(expected);
            }
        });
    }

    private static JsonNode lookup(String system, String code) {
        ResponseEntity<String> answer = agency(system).post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                .body("{\"basis\":\"" + BASIS.get(system) + "\",\"residentCode\":\"" + code + "\"}").retrieve()
                .toEntity(String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json(answer);
    }

    /** What {@code system} holds of the person, or null. */
    private static JsonNode holding(String system, String code) {
        ResponseEntity<String> answer = operator(system).get().uri("/api/v1/downstream/holdings/{code}", code).retrieve()
                .toEntity(String.class);
        return answer.getStatusCode() == HttpStatus.OK ? json(answer) : null;
    }

    private static List<String> enrol(String system, List<String> codes) {
        StringBuilder body = new StringBuilder("{\"residentCodes\":[");
        for (int i = 0; i < codes.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(codes.get(i)).append('"');
        }
        ResponseEntity<String> answer = operator(system).post().uri("/api/v1/downstream/holdings")
                .contentType(MediaType.APPLICATION_JSON).body(body.append("]}").toString()).retrieve().toEntity(String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        List<String> outcomes = new ArrayList<>();
        json(answer).forEach(line -> outcomes.add(line.get("outcome").asString()));
        return outcomes;
    }

    private static UUID subscription(String system) {
        await().atMost(WAIT).until(() -> network.database(system).sql("SELECT count(*) FROM feed_position")
                .query(Long.class).single() == 1);
        return network.database(system).sql("SELECT subscription_id FROM feed_position").query(UUID.class).single();
    }

    private static long head(String system) {
        return json(agency(system).get().uri("/api/v1/national/subscriptions/{id}", subscription(system)).retrieve()
                .toEntity(String.class)).get("head").asLong();
    }

    private static long appliedCount(String system) {
        return network.database(system).sql("SELECT count(*) FROM applied_events").query(Long.class).single();
    }

    private static ResponseEntity<String> post(RestClient client, Map<String, String> headers, byte[] body) {
        return client.post().uri(jp.jukinet.downstream.WebhookPath.PATH).headers(h -> headers.forEach(h::set))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(String.class);
    }

    /** The system's own certificate, through the gateway: how it calls J-LIS. */
    private static RestClient agency(String system) {
        return network.client("gateway", system);
    }

    /** An operator of the system, calling it directly (its API answers operators only). */
    private static RestClient operator(String system) {
        return network.client(system, "operator-downstream");
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }
}
