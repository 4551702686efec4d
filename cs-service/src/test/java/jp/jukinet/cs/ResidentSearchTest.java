package jp.jukinet.cs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import jp.jukinet.testsupport.ServiceIntegrationTest;

/** A clerk finds residents of their own municipality by name (a prefix of family and given) and date of birth. */
@ServiceIntegrationTest
@Import(FakeNumbering.class)
@TestPropertySource(properties = "jukinet.outbox.uplink=http://127.0.0.1:9")
class ResidentSearchTest {

    @Value("${local.server.port}")
    int port;

    Clerk clerk;

    @BeforeEach
    void clerk() {
        clerk = new Clerk(port);
    }

    private String arrival(String family, String given, String familyKana, String givenKana, String born) {
        return clerk.registered(Map.of("type", "MOVE_IN_FROM_ABROAD", "effectiveDate", "2026-11-20",
                "person", Map.of("name", Map.of("family", family, "given", given, "familyKana", familyKana,
                                "givenKana", givenKana),
                        "dateOfBirth", born, "sex", "MALE", "address", Map.of("text", Clerk.ADDRESS))));
    }

    @SuppressWarnings("unchecked")
    private List<String> found(String query) {
        ResponseEntity<Map> answer = clerk.get("/residents" + query);
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
        return ((List<Map<String, Object>>) answer.getBody().get("residents")).stream()
                .map(resident -> (String) resident.get("residentCode")).toList();
    }

    @Test
    void byFamilyNameByFullNameAndByDateOfBirth() {
        String ichiro = arrival("検索", "一郎", "ケンサク", "イチロウ", "1980-01-01");
        String jiro = arrival("検索", "二郎", "ケンサク", "ジロウ", "1990-02-02");
        String other = arrival("索引", "三郎", "サクイン", "サブロウ", "1990-02-02");

        assertThat(found("?family=検索")).containsExactlyInAnyOrder(ichiro, jiro).doesNotContain(other);
        assertThat(found("?family=検索&given=一")).containsExactly(ichiro);
        assertThat(found("?family=検索&dateOfBirth=1990-02-02")).containsExactly(jiro);
        // spaces around what the clerk typed are not part of the name
        assertThat(found("?family= 検索 &given=二郎")).containsExactly(jiro);
    }

    @Test
    void aWildcardInTheNameIsText() {
        arrival("検索", "四郎", "ケンサク", "シロウ", "1975-05-05");
        assertThat(found("?family=%")).isEmpty();
        assertThat(found("?family=_")).isEmpty();
    }

    @Test
    void theFamilyNameIsRequiredAndOnlyThisMunicipalitysClerkSearches() {
        Clerk.refused(clerk.get("/residents"), HttpStatus.BAD_REQUEST, "family");
        ResponseEntity<Map> elsewhere = clerk.as("clerk-131016").get().uri("/api/v1/municipalities/131130/residents?family=検索")
                .retrieve().toEntity(Map.class);
        assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<Map> otherClerk = clerk.as("clerk-131130").get().uri("/api/v1/municipalities/131016/residents?family=検索")
                .retrieve().toEntity(Map.class);
        assertThat(otherClerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
