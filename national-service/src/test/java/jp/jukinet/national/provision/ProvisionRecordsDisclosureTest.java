package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.provision.ProvisionRecords;
import jp.jukinet.provision.VerifyProvisionChain;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;

/** F7: a resident reads who received their data, newest first, paged; the chain holds under concurrent writers. */
class ProvisionRecordsDisclosureTest extends MtlsProvisionTest {

    @Autowired
    ProvisionRecords records;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @Value("${spring.datasource.username}")
    String databaseUser;

    @Value("${spring.datasource.password}")
    String databasePassword;

    private IdentityInformation hanako;
    private IdentityInformation neighbour;

    @BeforeEach
    void residents() {
        hanako = person(4_000_000_001L, "山田", "花子", "ヤマダ", "ハナコ", LocalDate.of(1990, 4, 1), Sex.FEMALE,
                "東京都千代田区千代田1番1号");
        neighbour = person(4_000_000_002L, "山田", "太郎", "ヤマダ", "タロウ", LocalDate.of(1988, 8, 8), Sex.MALE,
                "東京都千代田区千代田1番1号");
        register(hanako, neighbour);
    }

    @AfterEach
    void resetClock() {
        clock.set(START);
    }

    @Test
    void aResidentReadsTheRecordsAboutThemselfNewestFirstAPageAtATime() {
        String code = hanako.residentCode().value();
        clock.set(Instant.parse("2026-01-10T01:00:00Z"));
        lookup("agency-moj", "moj-30-9-bar-exam", code);
        clock.set(Instant.parse("2026-06-01T01:00:00Z"));
        lookup("agency-nta", "nenkin-30-9-same-address", code); // refused: not the rule's recipient
        clock.set(Instant.parse("2026-11-30T14:59:00Z")); // 23:59 on 30 November in Japan
        lookup("agency-nenkin", "nenkin-30-9-same-address", code);
        lookup("agency-nenkin", "nenkin-30-9-same-address", neighbour.residentCode().value());

        RecordsPage first = read("resident-" + code, "?from=2026-01-01&to=2026-11-30&limit=2");
        assertThat(first.records()).extracting(record -> record.get("recipient").asString())
                .containsExactly("agency-nenkin", "agency-nta");
        JsonNode newest = first.records().get(0);
        assertThat(newest.get("at").asString()).isEqualTo("2026-11-30T14:59:00Z");
        assertThat(newest.get("basis").asString()).isEqualTo("nenkin-30-9-same-address");
        assertThat(newest.get("outcome").asString()).isEqualTo("PROVIDED");
        assertThat(newest.get("task").asString()).contains("同一住所者の確認");
        assertThat(newest.get("fields").valueStream().map(JsonNode::asString).toList())
                .containsExactly("NAME", "NAME_KANA", "ADDRESS", "DATE_OF_BIRTH", "SEX", "RESIDENT_CODE",
                        "CHANGE_INFORMATION", "STATUS");
        JsonNode refused = first.records().get(1);
        assertThat(refused.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("refusal").asString()).isEqualTo("NOT_RECIPIENT");
        assertThat(refused.get("fields").isEmpty()).isTrue();
        assertThat(first.next()).isNotNull();

        RecordsPage second = read("resident-" + code, "?from=2026-01-01&to=2026-11-30&limit=2&cursor=" + first.next());
        assertThat(second.records()).extracting(record -> record.get("recipient").asString())
                .containsExactly("agency-moj");
        assertThat(second.next()).isNull();
        assertThat(second.body()).contains("\"next\":null");

        // the period is of Japanese days: 2026-11-30T14:59Z is the 30th, so a period ending on the 29th leaves it out
        assertThat(read("resident-" + code, "?from=2026-05-01&to=2026-11-29").records())
                .extracting(record -> record.get("recipient").asString()).containsExactly("agency-nta");
        // default period: the year up to today
        assertThat(read("resident-" + code, "").records()).hasSize(3);
        // the neighbour sees only what is about them
        assertThat(read("resident-" + neighbour.residentCode().value(), "?from=2026-01-01&to=2026-12-31").records())
                .hasSize(1);
    }

    @Test
    void onlyTheResidentReadsTheirRecords() {
        assertThat(get("agency-nenkin", "").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("resident-123", "").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // the gateway's own certificate without a caller: the caller is the gateway, not a resident
        assertThat(TestPki.client(baseUrl(), "gateway").get().uri("/api/v1/national/provision-records").retrieve()
                .toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        String me = "resident-" + hanako.residentCode().value();
        ResponseEntity<String> backwards = get(me, "?from=2026-02-01&to=2026-01-01");
        assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(NationalLookupsTest.json(backwards).get("field").asString()).isEqualTo("from");
        assertThat(NationalLookupsTest.json(get(me, "?from=2026-02-30")).get("field").asString()).isEqualTo("from");
        assertThat(NationalLookupsTest.json(get(me, "?cursor=abc")).get("field").asString()).isEqualTo("cursor");
        assertThat(NationalLookupsTest.json(get(me, "?limit=0")).get("field").asString()).isEqualTo("limit");
    }

    @Test
    void concurrentLookupsChainCorrectly() throws Exception {
        long before = recordCount();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            statuses.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 30; i++) {
                    if (lookup("agency-nenkin", "nenkin-30-9-same-address", hanako.residentCode().value())
                            .getStatusCode() == HttpStatus.OK) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int ok = 0;
        for (Future<Integer> status : statuses) {
            ok += status.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(180);
        assertThat(recordCount()).isEqualTo(before + 180);
        assertThat(records.verify().intact()).isTrue();
        assertThat(VerifyProvisionChain.run(new String[] {databaseUrl, databaseUser, databasePassword}, System.out,
                System.err)).isZero();
    }

    @Test
    void theOperatorCommandNamesARecordEditedInTheServicesDatabase() {
        lookup("agency-moj", "moj-30-9-bar-exam", hanako.residentCode().value());
        long seq = jdbc.sql("SELECT max(seq) FROM provision_records").query(Long.class).single();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        tamper("UPDATE provision_records SET recipient = 'agency-someone-else' WHERE seq = " + seq);
        try {
            int exit = VerifyProvisionChain.run(new String[] {databaseUrl, databaseUser, databasePassword}, System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("BROKEN at record " + seq)
                    .contains("edited");
        } finally {
            tamper("UPDATE provision_records SET recipient = 'agency-moj' WHERE seq = " + seq);
        }
        assertThat(records.verify().intact()).isTrue();
    }

    private void tamper(String sql) {
        jdbc.sql("ALTER TABLE provision_records DISABLE TRIGGER provision_records_append_only").update();
        try {
            jdbc.sql(sql).update();
        } finally {
            jdbc.sql("ALTER TABLE provision_records ENABLE TRIGGER provision_records_append_only").update();
        }
    }

    private record RecordsPage(List<JsonNode> records, String next, String body) {
    }

    private RecordsPage read(String resident, String query) {
        ResponseEntity<String> answer = get(resident, query);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode page = NationalLookupsTest.json(answer);
        return new RecordsPage(page.get("records").valueStream().toList(),
                page.get("next").isNull() ? null : page.get("next").asString(), answer.getBody());
    }

    private ResponseEntity<String> get(String caller, String query) {
        return through(caller).get().uri("/api/v1/national/provision-records" + query).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> lookup(String caller, String basis, String code) {
        return through(caller).post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                .body("{\"basis\":\"" + basis + "\",\"residentCode\":\"" + code + "\"}").retrieve().toEntity(String.class);
    }
}
