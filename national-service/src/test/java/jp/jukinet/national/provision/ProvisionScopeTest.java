package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.JsonNode;

/**
 * Art. 30-10 to 30-12 reach persons by their 通知都道府県, judged by J-LIS from its own record: a
 * lookup outside a rule's scope is refused and recorded, for single lookups and for a batch line,
 * and nothing of the person is answered; among several matches of 4 info only those inside count.
 */
class ProvisionScopeTest extends MtlsProvisionTest {

    private IdentityInformation tokyo;
    private IdentityInformation osaka;
    private IdentityInformation tokyoTwin;
    private IdentityInformation osakaTwin;

    @BeforeEach
    void residents() {
        tokyo = person(7_000_000_001L, "山田", "花子", "ヤマダ", "ハナコ", LocalDate.of(1990, 4, 1), Sex.FEMALE,
                "東京都千代田区千代田1番1号");
        osaka = inOsaka(person(7_000_000_002L, "田中", "三郎", "タナカ", "サブロウ", LocalDate.of(1970, 3, 3), Sex.MALE,
                "大阪府大阪市北区中之島1丁目3番20号"));
        // the same 4 info (name, date of birth, sex) once in each prefecture
        tokyoTwin = person(7_000_000_003L, "伊藤", "四郎", "イトウ", "シロウ", LocalDate.of(1960, 6, 6), Sex.MALE,
                "東京都千代田区永田町1丁目1番");
        osakaTwin = inOsaka(person(7_000_000_004L, "伊藤", "四郎", "イトウ", "シロウ", LocalDate.of(1960, 6, 6), Sex.MALE,
                "大阪府大阪市北区梅田1丁目1番"));
        register(tokyo, osaka, tokyoTwin, osakaTwin);
    }

    @Test
    void art30_10ReachesOnlyPersonsNotifiedByTheRecipientsOwnPrefecture() {
        ResponseEntity<String> inside = lookup("agency-lg131016-kokuho", "lg131016-30-10-kokuho", tokyo);
        assertThat(inside.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(inside).get("person").get("name").get("family").asString()).isEqualTo("山田");

        long before = recordCount();
        ResponseEntity<String> outside = lookup("agency-lg131016-kokuho", "lg131016-30-10-kokuho", osaka);
        assertOutOfScope(outside, osaka);
        assertThat(recordCount()).isEqualTo(before + 1);
        // the person asked about is recorded, so that they see who asked
        assertThat(last(recordsAbout(osaka.residentCode()))).containsEntry("recipient", "agency-lg131016-kokuho")
                .containsEntry("basis", "lg131016-30-10-kokuho").containsEntry("outcome", "REFUSED")
                .containsEntry("refusal", "OUT_OF_SCOPE").containsEntry("fields", "");
    }

    @Test
    void art30_11And30_12ReachOnlyPersonsNotifiedByOtherPrefectures() {
        // 大阪府's bodies (30-11) and 大阪市's (30-12) ask J-LIS about people of other prefectures only
        assertThat(lookup("agency-pref27-kyoiku", "pref27-30-11-kyoiku", tokyo).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertOutOfScope(lookup("agency-pref27-kyoiku", "pref27-30-11-kyoiku", osaka), osaka);
        assertThat(lookup("agency-lg271004-kaigo", "lg271004-30-12-kaigo", tokyo).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertOutOfScope(lookup("agency-lg271004-kaigo", "lg271004-30-12-kaigo", osaka), osaka);
        assertThat(last(recordsAbout(osaka.residentCode()))).containsEntry("refusal", "OUT_OF_SCOPE");
    }

    @Test
    void byMyNumberTheScopeIsJudgedTheSameWay() {
        String body = "{\"basis\":\"lg131130-30-10-ordinance\",\"myNumber\":\"" + osaka.myNumber().value() + "\"}";
        assertOutOfScope(post("agency-lg131130-kosodate", body), osaka);
        String other = "{\"basis\":\"lg131130-30-12-ordinance\",\"myNumber\":\"" + osaka.myNumber().value() + "\"}";
        JsonNode provided = json(post("agency-lg131130-kosodate", other));
        assertThat(provided.get("myNumber").asString()).isEqualTo(osaka.myNumber().value());
    }

    @Test
    void amongSeveralMatchesOfFourInfoOnlyThoseInsideTheScopeCount() {
        String twins = "{\"name\":\"伊藤 四郎\",\"dateOfBirth\":\"1960-06-06\",\"sex\":\"MALE\"}";
        // 30-9 is nationwide: both match, nobody is guessed
        assertThat(post("agency-moj", "{\"basis\":\"moj-30-9-bar-exam\",\"fourInfo\":" + twins + "}").getBody())
                .isEqualTo("{\"outcome\":\"AMBIGUOUS\",\"matches\":2}");
        // under 30-10 for 東京都 only the one notified by 東京都 is the recipient's
        JsonNode tokyoOnly = json(post("agency-lg131016-kokuho", "{\"basis\":\"lg131016-30-10-kokuho\",\"fourInfo\":"
                + twins + "}"));
        assertThat(tokyoOnly.get("person").get("address").get("text").asString()).isEqualTo("東京都千代田区永田町1丁目1番");
        assertThat(last(recordsAbout(tokyoTwin.residentCode()))).containsEntry("outcome", "PROVIDED");
        assertThat(recordsAbout(osakaTwin.residentCode())).isEmpty();
        // and no one of 大阪府 matches: refused, recorded about the one person who matched outside
        assertOutOfScope(post("agency-lg131016-kokuho", "{\"basis\":\"lg131016-30-10-kokuho\",\"fourInfo\":"
                + "{\"name\":\"田中三郎\",\"dateOfBirth\":\"1970-03-03\",\"sex\":\"MALE\"}}"), osaka);
        assertThat(last(recordsAbout(osaka.residentCode()))).containsEntry("lookup_key", "FOUR_INFO")
                .containsEntry("refusal", "OUT_OF_SCOPE");
    }

    @Test
    void aBatchRefusesTheLineOutsideTheScopeOnly() {
        String lines = line("lg131016-30-10-kokuho", tokyo) + "\n" + line("lg131016-30-10-kokuho", osaka) + "\n"
                + line("lg131016-30-10-kokuho", tokyoTwin) + "\n";
        List<JsonNode> answers = new ArrayList<>();
        String body;
        try (NdjsonDuplexClient client = new NdjsonDuplexClient(port, "/api/v1/national/lookups/batch",
                "agency-lg131016-kokuho")) {
            client.send(lines);
            client.finish();
            assertThat(client.status()).isEqualTo(200);
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = client.readLine()) != null) {
                all.append(line).append('\n');
                answers.add(JukiNetJson.mapper().readTree(line));
            }
            body = all.toString();
        }
        assertThat(answers).extracting(answer -> answer.get("outcome").asString())
                .containsExactly("PROVIDED", "REFUSED", "PROVIDED");
        JsonNode refused = answers.get(1);
        assertThat(refused.get("error").get("type").asString()).isEqualTo("urn:jukinet:problem:forbidden");
        assertThat(refused.get("error").get("field").asString()).isEqualTo("basis");
        assertThat(NationalLookupsTest.names(refused)).containsExactly("line", "outcome", "error");
        assertThat(body).doesNotContain("田中").doesNotContain(osaka.residentCode().value())
                .doesNotContain("大阪府大阪市北区中之島");
        assertThat(last(recordsAbout(osaka.residentCode()))).containsEntry("refusal", "OUT_OF_SCOPE");
    }

    private void assertOutOfScope(ResponseEntity<String> answer, IdentityInformation person) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(answer);
        assertThat(problem.get("type").asString()).isEqualTo("urn:jukinet:problem:forbidden");
        assertThat(problem.get("field").asString()).isEqualTo("basis");
        assertThat(problem.get("detail").asString()).contains("通知都道府県");
        // nothing of the person
        assertThat(answer.getBody()).doesNotContain(person.name().family()).doesNotContain(person.myNumber().value())
                .doesNotContain(person.address().text()).doesNotContain(person.residentCode().value());
    }

    private ResponseEntity<String> lookup(String caller, String basis, IdentityInformation person) {
        return post(caller, line(basis, person));
    }

    private static String line(String basis, IdentityInformation person) {
        return "{\"basis\":\"" + basis + "\",\"residentCode\":\"" + person.residentCode().value() + "\"}";
    }

    private ResponseEntity<String> post(String caller, String body) {
        return through(caller).post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().toEntity(String.class);
    }

    /** The person as J-LIS holds them after 大阪府 notified them: a resident of 大阪市. */
    private static IdentityInformation inOsaka(IdentityInformation identity) {
        return new IdentityInformation(identity.residentCode(), identity.myNumber(), identity.name(),
                identity.dateOfBirth(), identity.sex(), identity.address(), LocalGovernmentCode.of("271004"),
                identity.status(), identity.change());
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }

    private static Map<String, Object> last(List<Map<String, Object>> rows) {
        return rows.get(rows.size() - 1);
    }
}
