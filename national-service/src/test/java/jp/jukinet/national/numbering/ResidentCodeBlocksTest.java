package jp.jukinet.national.numbering;

import static jp.jukinet.national.numbering.NumberingApi.BLOCKS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.national.numbering.NumberingApi.Answer;
import jp.jukinet.testsupport.ServiceIntegrationTest;

@ServiceIntegrationTest
class ResidentCodeBlocksTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode SHIBUYA = LocalGovernmentCode.of("131130");
    static final LocalGovernmentCode YOKOHAMA = LocalGovernmentCode.of("141003");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final LocalGovernmentCode SAPPORO = LocalGovernmentCode.of("011002");

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    NumberingApi api;

    @BeforeEach
    void api() {
        api = new NumberingApi(port);
    }

    @Test
    void blocksOfAllMunicipalitiesFollowOneCounterAndNeverOverlap() {
        long counterBefore = counter();
        List<ResidentCodeBlock> blocks = new ArrayList<>();
        int[] sizes = {1, 10, 1000, 100_000, 7, 2};
        LocalGovernmentCode[] municipalities = {CHIYODA, SHIBUYA, YOKOHAMA, OSAKA, SAPPORO, CHIYODA};
        for (int i = 0; i < sizes.length; i++) {
            ResidentCodeBlock block = api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), municipalities[i], sizes[i]));
            assertThat(block.municipality()).isEqualTo(municipalities[i]);
            assertThat(block.size()).isEqualTo(sizes[i]);
            blocks.add(block);
        }
        blocks.sort(Comparator.comparingLong(ResidentCodeBlock::firstSerial));
        assertThat(blocks.get(0).firstSerial()).isGreaterThanOrEqualTo(counterBefore);
        for (int i = 1; i < blocks.size(); i++) {
            assertThat(blocks.get(i).firstSerial()).isGreaterThan(blocks.get(i - 1).lastSerial());
        }
        // Serials start at 10^9: every code has ten significant data digits.
        assertThat(blocks).allSatisfy(block -> {
            assertThat(block.firstSerial()).isGreaterThanOrEqualTo(1_000_000_000L);
            assertThat(block.codeAt(block.firstSerial()).value()).doesNotStartWith("0");
        });
        assertThat(counter()).isEqualTo(counterBefore + 101_020);
        assertThat(overlappingPairsInTheTable()).isZero();
    }

    @Test
    void theSameRequestIdIsAnsweredWithTheSameBlockAndAdvancesTheCounterOnce() {
        ResidentCodeBlockRequest request = new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 250);
        long counterBefore = counter();
        Answer first = api.post(BLOCKS, request);
        Answer again = api.post(BLOCKS, request);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.as(ResidentCodeBlock.class)).isEqualTo(first.as(ResidentCodeBlock.class));
        ResidentCodeBlock block = first.as(ResidentCodeBlock.class);
        assertThat(first.location()).endsWith(BLOCKS + "/" + block.blockId());
        assertThat(counter()).isEqualTo(counterBefore + 250);
        assertThat(jdbc.sql("SELECT count(*) FROM resident_code_blocks WHERE request_id = ?")
                .param(request.requestId()).query(Long.class).single()).isEqualTo(1);

        Answer read = api.get(BLOCKS + "/" + block.blockId());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.as(ResidentCodeBlock.class)).isEqualTo(block);
    }

    @Test
    void twinRequestsThatMeetAtTheCounterGetOneBlock() throws Exception {
        ResidentCodeBlockRequest request = new ResidentCodeBlockRequest(UUID.randomUUID(), YOKOHAMA, 30);
        ResidentCodeBlockRequest other = new ResidentCodeBlockRequest(UUID.randomUUID(), YOKOHAMA, 30);
        long counterBefore = counter();
        List<ResidentCodeBlock> answers = new HeldLock(transactionManager, jdbc).race(
                "SELECT next_value FROM numbering_counters WHERE name = ? FOR UPDATE", "resident_code",
                List.of(() -> api.allocate(request), () -> api.allocate(request), () -> api.allocate(other)));
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(answers.get(2).blockId()).isNotEqualTo(answers.get(0).blockId());
        assertThat(counter()).isEqualTo(counterBefore + 60);
    }

    @Test
    void aRequestIdReusedForAnotherMunicipalityOrSizeIsAConflict() {
        UUID requestId = UUID.randomUUID();
        ResidentCodeBlock block = api.allocate(new ResidentCodeBlockRequest(requestId, SHIBUYA, 10));
        long counterBefore = counter();
        api.post(BLOCKS, new ResidentCodeBlockRequest(requestId, CHIYODA, 10)).assertProblem(409, "requestId");
        api.post(BLOCKS, new ResidentCodeBlockRequest(requestId, SHIBUYA, 11)).assertProblem(409, "requestId");
        assertThat(counter()).isEqualTo(counterBefore);
        assertThat(api.allocate(new ResidentCodeBlockRequest(requestId, SHIBUYA, 10))).isEqualTo(block);
    }

    @Test
    void aSizeOutsideOneToOneHundredThousandIsRefusedNamingTheFieldAndChangesNothing() {
        long counterBefore = counter();
        long blocksBefore = blockCount();
        for (String size : List.of("0", "-1", "100001", "2147483648", "\"ten\"", "null")) {
            api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"131016\",\"size\":" + size + "}")
                    .assertProblem(400, "size");
        }
        api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"131016\"}")
                .assertProblem(400, "size");
        assertThat(counter()).isEqualTo(counterBefore);
        assertThat(blockCount()).isEqualTo(blocksBefore);
    }

    @Test
    void aMissingRequestIdOrAMunicipalityThatIsNoneIsRefusedNamingTheField() {
        api.post(BLOCKS, "{\"municipality\":\"131016\",\"size\":5}").assertProblem(400, "requestId");
        api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"size\":5}").assertProblem(400, "municipality");
        // 130001 is 東京都 itself, a prefecture: it registers no residents.
        api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"130001\",\"size\":5}")
                .assertProblem(400, "municipality");
        Answer badCheckDigit = api.post(BLOCKS,
                "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"131017\",\"size\":5}");
        assertThat(badCheckDigit.status()).isEqualTo(400);
        assertThat(badCheckDigit.json().path("field").asString()).startsWith("municipality");
    }

    @Test
    void anUnknownBlockIsNotFound() {
        api.get(BLOCKS + "/" + UUID.randomUUID()).assertProblem(404, "blockId");
    }

    private long counter() {
        return jdbc.sql("SELECT next_value FROM numbering_counters WHERE name = 'resident_code'").query(Long.class).single();
    }

    private long blockCount() {
        return jdbc.sql("SELECT count(*) FROM resident_code_blocks").query(Long.class).single();
    }

    private long overlappingPairsInTheTable() {
        return jdbc.sql("""
                SELECT count(*) FROM resident_code_blocks a JOIN resident_code_blocks b
                  ON a.block_id <> b.block_id AND a.first_serial <= b.last_serial AND b.first_serial <= a.last_serial""")
                .query(Long.class).single();
    }
}
