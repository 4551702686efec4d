package jp.jukinet.agency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.WebhookDelivery;
import jp.jukinet.model.subscription.WebhookSignatures;
import jp.jukinet.model.subscription.WebhookSignatures.SignedHeaders;

/** Each check of {@link WebhookVerifier}, and the attack it stops. */
class WebhookVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-03T01:00:00Z");
    private static final URI ENDPOINT = URI.create("https://agency-nenkin.example/webhooks/jukinet");
    private static final UUID SUBSCRIPTION = UUID.fromString("0b5e4d6c-3f2a-4e1b-9c8d-7a6b5c4d3e2f");
    private static final KeyPair NATIONAL = ed25519();
    private static final KeyPair ATTACKER = ed25519();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final WebhookVerifier verifier = WebhookVerifier.of(
            new PublishedKeys(List.of(PublishedKeys.Key.of("national-1", NATIONAL.getPublic()))), ENDPOINT,
            SUBSCRIPTION, clock, Duration.ofMinutes(5));

    @Test
    void aGenuineDeliveryIsVerifiedWithItsEvents() {
        Verification result = verifier.verify(signed(delivery(1, 3), NATIONAL, "national-1", NOW, "n1"), 0);

        assertThat(result).isInstanceOfSatisfying(Verification.Verified.class, verified -> {
            assertThat(verified.newEvents()).extracting(SubscriptionEvent::sequence).containsExactly(1L, 2L, 3L);
            assertThat(verified.newEvents().get(0).information().person()).isNotNull();
        });
    }

    @Test
    void aForgedBodyDoesNotMatchItsDigest() {
        WebhookRequest genuine = signed(delivery(1, 1), NATIONAL, "national-1", NOW, "n1");
        byte[] forged = new String(genuine.body(), StandardCharsets.UTF_8).replace("花子", "太郎")
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(verifier.verify(new WebhookRequest("POST", genuine.headers(), forged), 0),
                Verification.Reason.DIGEST_MISMATCH);
    }

    @Test
    void aForgedBodyWithItsOwnDigestFailsTheSignature() {
        WebhookRequest genuine = signed(delivery(1, 1), NATIONAL, "national-1", NOW, "n1");
        byte[] forged = new String(genuine.body(), StandardCharsets.UTF_8).replace("花子", "太郎")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(genuine.headers());
        headers.put("content-digest", WebhookSignatures.contentDigest(forged));

        assertRefused(verifier.verify(new WebhookRequest("POST", headers, forged), 0), Verification.Reason.BAD_SIGNATURE);
    }

    @Test
    void aForgedSignatureIsRefused() {
        WebhookRequest genuine = signed(delivery(1, 1), NATIONAL, "national-1", NOW, "n1");
        Map<String, String> headers = new HashMap<>(genuine.headers());
        headers.put("signature", "jukinet=:" + java.util.Base64.getEncoder().encodeToString(new byte[64]) + ":");

        assertRefused(verifier.verify(new WebhookRequest("POST", headers, genuine.body()), 0),
                Verification.Reason.BAD_SIGNATURE);
    }

    @Test
    void aDeliverySignedWithAnotherKeyUnderThePublishedKeyIdIsRefused() {
        assertRefused(verifier.verify(signed(delivery(1, 1), ATTACKER, "national-1", NOW, "n1"), 0),
                Verification.Reason.BAD_SIGNATURE);
    }

    @Test
    void aKeyIdThatIsNotPublishedIsRefused() {
        assertRefused(verifier.verify(signed(delivery(1, 1), ATTACKER, "attacker", NOW, "n1"), 0),
                Verification.Reason.UNKNOWN_KEY);
    }

    @Test
    void aDeliverySignedForAnotherEndpointIsRefused() {
        WebhookVerifier elsewhere = WebhookVerifier.of(
                new PublishedKeys(List.of(PublishedKeys.Key.of("national-1", NATIONAL.getPublic()))),
                URI.create("https://agency-other.example/webhooks/jukinet"), SUBSCRIPTION, clock, Duration.ofMinutes(5));

        assertRefused(elsewhere.verify(signed(delivery(1, 1), NATIONAL, "national-1", NOW, "n1"), 0),
                Verification.Reason.BAD_SIGNATURE);
    }

    @Test
    void aStaleCreatedIsRefused() {
        assertRefused(verifier.verify(signed(delivery(1, 1), NATIONAL, "national-1", NOW.minusSeconds(301), "n1"), 0),
                Verification.Reason.STALE);
        assertRefused(verifier.verify(signed(delivery(1, 1), NATIONAL, "national-1", NOW.plusSeconds(301), "n2"), 0),
                Verification.Reason.STALE);
        assertThat(verifier.verify(signed(delivery(1, 1), NATIONAL, "national-1", NOW.minusSeconds(299), "n3"), 0)
                .verified()).isTrue();
    }

    @Test
    void aReplayedRequestIsRefused() {
        WebhookRequest request = signed(delivery(1, 2), NATIONAL, "national-1", NOW, "n1");

        assertThat(verifier.verify(request, 0).verified()).isTrue();
        assertRefused(verifier.verify(request, 0), Verification.Reason.REPLAYED);
        // replayed after the agency applied it: still the nonce that gives it away
        assertRefused(verifier.verify(request, 2), Verification.Reason.REPLAYED);
    }

    @Test
    void aForgedRequestDoesNotSpendTheNonceOfAGenuineOne() {
        assertRefused(verifier.verify(signed(delivery(1, 1), ATTACKER, "national-1", NOW, "n1"), 0),
                Verification.Reason.BAD_SIGNATURE);

        assertThat(verifier.verify(signed(delivery(1, 1), NATIONAL, "national-1", NOW, "n1"), 0).verified()).isTrue();
    }

    @Test
    void eventsAtOrBelowTheAppliedSequenceAreDroppedAsDuplicates() {
        // the batch 3..5 was applied, its 2xx lost; the national server sends 3..6 again, newly signed
        Verification result = verifier.verify(signed(delivery(3, 6), NATIONAL, "national-1", NOW, "n2"), 5);

        assertThat(result).isInstanceOfSatisfying(Verification.Verified.class,
                verified -> assertThat(verified.newEvents()).extracting(SubscriptionEvent::sequence).containsExactly(6L));
        assertThat(((Verification.Verified) verifier.verify(signed(delivery(3, 5), NATIONAL, "national-1", NOW, "n3"), 5))
                .newEvents()).isEmpty();
    }

    @Test
    void aDeliveryThatSkipsAheadIsAGap() {
        assertRefused(verifier.verify(signed(delivery(5, 6), NATIONAL, "national-1", NOW, "n1"), 2),
                Verification.Reason.GAP);
    }

    @Test
    void aHeartbeatIsVerifiedWithoutEvents() {
        WebhookDelivery heartbeat = new WebhookDelivery(SUBSCRIPTION, 7, List.of(), NOW);

        assertThat(verifier.verify(signed(heartbeat, NATIONAL, "national-1", NOW, "n1"), 7))
                .isInstanceOfSatisfying(Verification.Verified.class, verified -> {
                    assertThat(verified.delivery().heartbeat()).isTrue();
                    assertThat(verified.delivery().head()).isEqualTo(7);
                });
    }

    @Test
    void aDeliveryForAnotherSubscriptionIsRefused() {
        WebhookDelivery other = new WebhookDelivery(UUID.randomUUID(), 0, List.of(), NOW);

        assertRefused(verifier.verify(signed(other, NATIONAL, "national-1", NOW, "n1"), 0),
                Verification.Reason.NOT_A_DELIVERY);
    }

    @Test
    void aSignatureThatLeavesOutAComponentIsRefused() {
        WebhookRequest genuine = signed(delivery(1, 1), NATIONAL, "national-1", NOW, "n1");
        Map<String, String> headers = new HashMap<>(genuine.headers());
        headers.put("signature-input", headers.get("signature-input").replace(" \"content-type\"", ""));
        headers.remove("signature");

        assertRefused(verifier.verify(new WebhookRequest("POST", headers, genuine.body()), 0), Verification.Reason.MALFORMED);
        assertRefused(verifier.verify(new WebhookRequest("POST", Map.of(), genuine.body()), 0), Verification.Reason.MALFORMED);
    }

    private static void assertRefused(Verification result, Verification.Reason reason) {
        assertThat(result).isInstanceOfSatisfying(Verification.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(reason));
    }

    static WebhookRequest signed(WebhookDelivery delivery, KeyPair key, String keyId, Instant created, String nonce) {
        byte[] body = JukiNetJson.mapper().writeValueAsBytes(delivery);
        SignedHeaders headers = WebhookSignatures.sign("POST", ENDPOINT, body, key.getPrivate(), keyId, created, nonce);
        return new WebhookRequest("POST", headers.asMap(), body);
    }

    static WebhookDelivery delivery(long from, long to) {
        List<SubscriptionEvent> events = LongStream.rangeClosed(from, to).mapToObj(WebhookVerifierTest::event).toList();
        return new WebhookDelivery(SUBSCRIPTION, to, events, NOW);
    }

    static SubscriptionEvent event(long sequence) {
        IdentityInformation hanako = new IdentityInformation(ResidentCode.fromSerial(1_234_567_890L + sequence),
                MyNumber.fromData(12_345_678_901L), new PersonName("山田", "花子", "ヤマダ", "ハナコ", null, null),
                LocalDate.of(1990, 4, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"),
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 4, 1),
                LocalDate.of(2026, 4, 2)));
        return new SubscriptionEvent(sequence, EventKind.CHANGE, UUID.nameUUIDFromBytes(new byte[] {(byte) sequence}),
                ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 4, 1), NOW,
                LookupResult.provided(hanako, EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS)));
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
