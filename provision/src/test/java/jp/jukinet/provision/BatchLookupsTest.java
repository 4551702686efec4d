package jp.jukinet.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

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
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.JsonNode;

/** The batch pipeline without a database: order across chunks, and what happens when records cannot be written. */
class BatchLookupsTest {

    private static final IdentityInformation HANAKO = new IdentityInformation(ResidentCode.fromSerial(1_234_567_890L),
            MyNumber.fromData(12_345_678_901L), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 4, 1),
            Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"), ResidentStatus.ACTIVE,
            new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 1)));
    private static final ProvisionRules RULES = new ProvisionRules("test", List.of(new ProvisionRule("nenkin-x",
            ProviderTier.NATIONAL, "30-9", "1", null, "agency-nenkin", "年金の事務",
            EnumSet.of(IdentityField.NAME, IdentityField.STATUS), LocalDate.of(2002, 8, 5), null)));

    private final List<List<ProvisionRecord>> appended = new ArrayList<>();
    private final AtomicInteger lookupCalls = new AtomicInteger();
    private boolean recordsFail;
    /** When set, each lookup waits (up to 5 s) until this many lookups have begun. */
    private CountDownLatch lookupsTogether;
    private final AtomicBoolean waitedInVain = new AtomicBoolean();
    private ProvisionRecorder recorder;

    @AfterEach
    void close() {
        if (recorder != null) {
            recorder.close();
        }
    }

    @Test
    void answersEveryLineInOrderAcrossChunksAndRecordsEveryLookup() throws IOException {
        BatchLookups batch = batch(100);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1_050; i++) {
            body.append(i == 500 ? "not json" : "{\"basis\":\"nenkin-x\",\"residentCode\":\""
                    + HANAKO.residentCode().value() + "\"}").append('\n');
        }
        List<JsonNode> answers = run(batch, body.toString());
        assertThat(answers).hasSize(1_050);
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get("line").asLong()).isEqualTo(i + 1);
            assertThat(answers.get(i).get("outcome").asString()).isEqualTo(i == 500 ? "INVALID" : "PROVIDED");
        }
        assertThat(appended.stream().mapToInt(List::size).sum()).isEqualTo(1_049);
        assertThat(lookupCalls.get()).isGreaterThanOrEqualTo(11);
    }

    @Test
    void looksUpTheNextChunkWhileTheFirstIsStillBeingLookedUp() throws IOException {
        // every lookup waits until two have begun: lookups one chunk at a time would wait in vain
        lookupsTogether = new CountDownLatch(2);
        BatchLookups batch = batch(10);
        String line = "{\"basis\":\"nenkin-x\",\"residentCode\":\"" + HANAKO.residentCode().value() + "\"}\n";
        List<JsonNode> answers = run(batch, line.repeat(20));
        assertThat(waitedInVain).isFalse();
        assertThat(answers).extracting(answer -> answer.get("line").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(answers).extracting(answer -> answer.get("outcome").asString()).containsOnly("PROVIDED");
    }

    @Test
    void whenTheRecordsCannotBeWrittenNothingIsProvidedAndTheBatchEnds() throws IOException {
        recordsFail = true;
        BatchLookups batch = batch(2);
        String line = "{\"basis\":\"nenkin-x\",\"residentCode\":\"" + HANAKO.residentCode().value() + "\"}\n";
        List<JsonNode> answers = run(batch, line.repeat(6));
        assertThat(answers).extracting(answer -> answer.get("outcome").asString()).containsOnly("FAILED")
                .hasSizeLessThan(6);
        assertThat(answers.get(0).get("line").asLong()).isEqualTo(1);
        assertThat(answers.get(0).get("error").get("status").asInt()).isEqualTo(503);
        assertThat(answers.toString()).doesNotContain("山田");
    }

    @Test
    void aSingleLookupThatCannotBeRecordedIsNotAnswered() {
        recordsFail = true;
        ProvideIdentityInformation provision = provision();
        assertThatThrownBy(() -> provision.lookup("agency-nenkin",
                LookupRequest.byResidentCode("nenkin-x", HANAKO.residentCode())))
                .isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNAVAILABLE));
    }

    private BatchLookups batch(int chunk) {
        return new BatchLookups(provision(), JukiNetJson.mapper(), chunk, 1_000, 2);
    }

    private ProvideIdentityInformation provision() {
        IdentityLookups lookups = new IdentityLookups(new JdbcTemplate()) {
            @Override
            public List<List<StoredPerson>> find(List<LookupRequest> requests) {
                lookupCalls.incrementAndGet();
                if (lookupsTogether != null) {
                    lookupsTogether.countDown();
                    try {
                        if (!lookupsTogether.await(5, TimeUnit.SECONDS)) {
                            waitedInVain.set(true);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return requests.stream().map(request -> List.of(StoredPerson.of(HANAKO))).toList();
            }
        };
        ProvisionRecords records = new ProvisionRecords(new JdbcTemplate(), Clock.systemUTC()) {
            @Override
            public long append(List<ProvisionRecord> list) {
                if (recordsFail) {
                    throw new IllegalStateException("the database is down");
                }
                appended.add(List.copyOf(list));
                return 0;
            }
        };
        recorder = new ProvisionRecorder(records, 10_000,
                Duration.ofSeconds(5));
        return new ProvideIdentityInformation(ProviderTier.NATIONAL, RULES, lookups, recorder,
                Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC), ZoneId.of("Asia/Tokyo"));
    }

    private static List<JsonNode> run(BatchLookups batch, String body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        batch.run("agency-nenkin", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8).lines().map(JukiNetJson.mapper()::readTree).toList();
    }
}
