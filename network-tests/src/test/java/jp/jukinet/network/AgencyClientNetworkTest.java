package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.agency.client.AgencyClient;
import jp.jukinet.agency.client.BatchOutcome;
import jp.jukinet.agency.client.ProblemException;
import jp.jukinet.agency.client.TargetChange;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.SubscriptionRequest;
import jp.jukinet.model.subscription.SubscriptionStatus;
import jp.jukinet.model.subscription.SubscriptionView;
import jp.jukinet.model.subscription.TargetKind;
import jp.jukinet.model.subscription.TargetResult;
import jp.jukinet.pki.IssuedCertificate;
import jp.jukinet.testsupport.TestPki;

/**
 * The agency client ({@code agency-client}) against the running network, with an agency's real
 * certificate as PEM files through the gateway: a lookup provided, a refusal under a rule the
 * agency does not hold as a typed problem naming its field, a batch streamed both ways (answers line
 * by line, and a sender that waits for each answer before its next line), a subscription's feed read
 * from a sequence, and J-LIS's signed webhooks verified (a tampered one refused).
 */
class AgencyClientNetworkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RULE = "nenkin-30-9-change-check";

    private static Endpoint endpoint;
    private static LocalNetwork network;
    private static Clerks clerks;
    private static AgencyClient nenkin;
    private static String first;
    private static String second;

    @BeforeAll
    static void start() throws IOException {
        endpoint = new Endpoint();
        network = new LocalNetwork()
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].agency", "agency-nenkin")
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].uri", endpoint.uri())
                .national().prefecture("13").cs("131016").startAll();
        clerks = new Clerks(network);
        nenkin = client("agency-nenkin");
        first = (String) clerks.newResident("131016").get("residentCode");
        second = (String) clerks.newResident("131016").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", first) != null
                && clerks.record("national", second) != null);
    }

    @AfterAll
    static void stop() {
        nenkin.close();
        network.close();
        endpoint.close();
    }

    /** The agency's client as its system builds it: the PEM files the network's CA wrote. */
    private static AgencyClient client(String agency) {
        IssuedCertificate own = TestPki.certificate(agency);
        return AgencyClient.builder()
                .gateway(URI.create(network.baseUrl("gateway")))
                .certificate(own.certificate(), own.privateKey())
                .trustAnchor(TestPki.ca().caCertificatePath())
                .userAgent("nenkin-system/1.0")
                .build();
    }

    @Test
    void aLookupIsProvidedAndOneUnderARuleTheAgencyDoesNotHoldIsATypedRefusalNamingItsField() {
        LookupResult person = nenkin.lookup(LookupRequest.byResidentCode(RULE, ResidentCode.of(first)));

        assertThat(person.outcome()).isEqualTo(ProvisionOutcome.PROVIDED);
        assertThat(person.residentCode()).isEqualTo(ResidentCode.of(first));
        assertThat(person.person()).isNotNull();

        // the 国税庁's rule does not name 日本年金機構
        assertThatThrownBy(() -> nenkin.lookup(LookupRequest.byResidentCode("nta-30-9-refund-notice", ResidentCode.of(first))))
                .isInstanceOfSatisfying(ProblemException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(403);
                    assertThat(refused.type()).isEqualTo("urn:jukinet:problem:forbidden");
                    assertThat(refused.field()).isEqualTo("basis");
                    assertThat(refused.getMessage()).doesNotContain(first);
                });
    }

    @Test
    void aBatchOfManyLinesIsStreamedBothWaysAndAnsweredLineByLine() {
        int lines = 3_000;
        ResidentCode unknown = ResidentCode.fromSerial(9_876_543_210L);
        List<ResidentCode> asked = IntStream.range(0, lines).mapToObj(i -> i % 100 == 99 ? unknown
                : ResidentCode.of(i % 2 == 0 ? first : second)).toList();
        List<LookupResult> answers = new ArrayList<>();

        BatchOutcome outcome = nenkin.lookupBatch(asked.stream().map(code -> LookupRequest.byResidentCode(RULE, code)),
                answers::add);

        assertThat(outcome.sent()).isEqualTo(lines);
        assertThat(outcome.complete()).isTrue();
        assertThat(answers).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            LookupResult answer = answers.get(i);
            assertThat(answer.line()).isEqualTo(i + 1);
            if (asked.get(i).equals(unknown)) {
                assertThat(answer.outcome()).as("line %d", i + 1).isEqualTo(ProvisionOutcome.NOT_FOUND);
            } else {
                assertThat(answer.outcome()).as("line %d", i + 1).isEqualTo(ProvisionOutcome.PROVIDED);
                assertThat(answer.residentCode()).as("line %d", i + 1).isEqualTo(asked.get(i));
            }
        }
    }

    /**
     * Full duplex through the gateway: each line is sent only once the answer to the one before has
     * arrived. A client that sent the whole body before reading would get no answer at all.
     */
    @Test
    void aSenderThatWaitsForEachAnswerBeforeItsNextLineGetsItsAnswersWhileStillSending() {
        BlockingQueue<LookupResult> arrived = new ArrayBlockingQueue<>(10);
        Iterator<LookupRequest> waiting = new Iterator<>() {
            private int sent;

            @Override
            public boolean hasNext() {
                return sent < 5;
            }

            @Override
            public LookupRequest next() {
                if (sent > 0) {
                    LookupResult answer;
                    try {
                        answer = arrived.poll(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    if (answer == null || answer.line() != sent) {
                        throw new IllegalStateException("no answer to line " + sent + " while still sending");
                    }
                }
                sent++;
                return LookupRequest.byResidentCode(RULE, ResidentCode.of(sent % 2 == 0 ? first : second));
            }
        };
        List<Long> answered = new ArrayList<>();

        BatchOutcome outcome = nenkin.lookupBatch(waiting, answer -> {
            answered.add(answer.line());
            arrived.add(answer);
        });

        assertThat(answered).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(outcome.complete()).isTrue();
    }

    @Test
    void aSubscriptionsFeedIsReadFromASequenceAndItsSignedWebhooksVerifyAndATamperedOneDoesNot() {
        SubscriptionView created = nenkin.subscribe(new SubscriptionRequest(RULE, SubscriptionMode.EVERY_CHANGE, null, null,
                null, TargetKind.LISTED, URI.create(endpoint.uri())));
        UUID id = created.id();
        assertThat(created.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(nenkin.subscriptions()).extracting(SubscriptionView::id).contains(id);
        assertThat(nenkin.changeTargets(id, List.of(TargetChange.add(ResidentCode.of(first)))))
                .extracting(TargetResult::outcome).containsExactly(TargetResult.Outcome.ADDED);
        WebhookVerifier verifier = nenkin.webhookVerifier(URI.create(endpoint.uri()), id);

        for (String address : List.of("東京都千代田区永田町1丁目7番1号", "東京都千代田区霞が関1丁目1番1号")) {
            assertThat(clerks.notify("131016", null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                    "residentCode", first, "person", Map.of("address", Map.of("text", address)))).getStatusCode().value())
                    .isEqualTo(201);
        }
        await().atMost(WAIT).until(() -> nenkin.subscription(id).head() >= 2);

        List<SubscriptionEvent> all = new ArrayList<>();
        assertThat(nenkin.readFeed(id, 0, null, all::add)).isEqualTo(2);
        List<SubscriptionEvent> rest = new ArrayList<>();
        assertThat(nenkin.readFeed(id, 1, null, rest::add)).isEqualTo(2);
        assertThat(rest).extracting(SubscriptionEvent::sequence).containsExactly(2L);
        assertThat(rest.get(0).information().person().address().text()).isEqualTo("東京都千代田区霞が関1丁目1番1号");
        assertThat(nenkin.readFeed(id, 2, null, event -> { })).isEqualTo(2);

        // J-LIS delivered the same events by webhook through the gateway; the endpoint verifies each
        await().atMost(WAIT).until(() -> endpoint.requests().stream().anyMatch(request -> body(request).contains(id.toString())));
        long applied = 0;
        WebhookRequest genuine = null;
        for (WebhookRequest request : endpoint.requests()) {
            if (!body(request).contains(id.toString()) || !body(request).contains("東京都")) {
                continue; // another subscription's, or a heartbeat
            }
            Verification verification = verifier.verify(request, applied);
            assertThat(verification).as("%s", verification).isInstanceOf(Verification.Verified.class);
            for (SubscriptionEvent event : ((Verification.Verified) verification).newEvents()) {
                applied = event.sequence();
            }
            genuine = request;
        }
        assertThat(applied).isGreaterThanOrEqualTo(1);
        // the same request with the person's address altered on the way
        WebhookRequest forged = new WebhookRequest("POST", genuine.headers(),
                body(genuine).replace("東京都", "大阪府").getBytes(StandardCharsets.UTF_8));
        assertThat(body(forged)).isNotEqualTo(body(genuine));
        assertThat(verifier.verify(forged, 0)).isInstanceOfSatisfying(Verification.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Verification.Reason.DIGEST_MISMATCH));

        assertThat(nenkin.cancelSubscription(id).status()).isEqualTo(SubscriptionStatus.CANCELLED);
    }

    private static String body(WebhookRequest request) {
        return new String(request.body(), StandardCharsets.UTF_8);
    }

    /** agency-nenkin's webhook endpoint: a dev-CA server certificate, client certificates required; keeps every request. */
    private static final class Endpoint implements AutoCloseable {

        private final HttpsServer server;
        private final List<WebhookRequest> requests = new ArrayList<>();

        Endpoint() throws IOException {
            server = AgencyWebhookServer.mutualTls("webhook-agency-nenkin");
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    Map<String, String> headers = new HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                    synchronized (this) {
                        requests.add(new WebhookRequest(exchange.getRequestMethod(), headers, body));
                    }
                    exchange.sendResponseHeaders(204, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        synchronized List<WebhookRequest> requests() {
            return List.copyOf(requests);
        }

        String uri() {
            return "https://localhost:" + server.getAddress().getPort() + "/jukinet/events";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
