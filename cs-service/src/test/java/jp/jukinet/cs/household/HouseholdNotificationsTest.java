package jp.jukinet.cs.household;

import static jp.jukinet.cs.Clerk.arrival;
import static jp.jukinet.cs.Clerk.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import jp.jukinet.cs.Clerk;
import jp.jukinet.cs.FakeNumbering;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * Households entered and changed by 届出 at one CS: with a new record (a household of one's own, or
 * joining one), by the 世帯変更届, with a 転居, and left by a death; inconsistent input refused with
 * problem+json naming the field, and nothing written.
 */
@ServiceIntegrationTest
@Import(FakeNumbering.class)
@TestPropertySource(properties = "jukinet.outbox.uplink=http://127.0.0.1:9")
class HouseholdNotificationsTest {

    private static final String ADDRESS = Clerk.ADDRESS;

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    Clerk clerk;

    @BeforeEach
    void clerk() {
        clerk = new Clerk(port);
    }

    @Test
    void aPersonRegisteredWithoutAHouseholdHeadsTheirOwnAndOthersJoinIt() {
        String head = clerk.registered(arrival(ADDRESS, Map.of()));
        Map<String, Object> household = household(head);
        assertThat(household).containsEntry("head", head);
        String id = (String) household.get("householdId");

        String child = clerk.registered(arrival(ADDRESS, Map.of("household",
                Map.of("action", "JOIN", "householdId", id, "relationship", "子"))));

        assertThat(household(child)).containsEntry("householdId", id).containsEntry("head", head);
        assertThat(members(head)).extracting(member -> member.get("residentCode") + "/" + member.get("relationship"))
                .containsExactly(head + "/世帯主", child + "/子");
    }

    @Test
    void theHeadLeavesOnlyNamingANewHeadAndAChangeOfHeadGivesTheFormerHeadARelationship() {
        String head = clerk.registered(arrival(ADDRESS, Map.of()));
        String id = (String) household(head).get("householdId");
        String spouse = clerk.registered(arrival(ADDRESS, Map.of("household",
                Map.of("action", "JOIN", "householdId", id, "relationship", "妻"))));
        String child = clerk.registered(arrival(ADDRESS, Map.of("household",
                Map.of("action", "JOIN", "householdId", id, "relationship", "子"))));

        refused(change(head, Map.of("action", "NEW")), HttpStatus.CONFLICT, "household.newHead");
        refused(change(head, Map.of("action", "NEW", "newHead", head)), HttpStatus.BAD_REQUEST, "household.newHead");
        refused(change(spouse, Map.of("action", "CHANGE_HEAD")), HttpStatus.CONFLICT, "household.relationships");
        refused(change(child, Map.of("action", "NEW", "newHead", spouse)), HttpStatus.BAD_REQUEST, "household.newHead");
        assertThat(members(head)).hasSize(3);

        assertThat(change(spouse, Map.of("action", "CHANGE_HEAD",
                "relationships", List.of(Map.of("residentCode", head, "relationship", "夫")))).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(household(child)).containsEntry("head", spouse);
        assertThat(members(child)).extracting(member -> member.get("residentCode") + "/" + member.get("relationship"))
                .containsExactlyInAnyOrder(head + "/夫", spouse + "/世帯主", child + "/子");

        // the head sets up a household apart, naming the one who heads the household left behind
        String child2 = clerk.registered(arrival(ADDRESS, Map.of("household",
                Map.of("action", "JOIN", "householdId", id, "relationship", "子"))));
        assertThat(change(spouse, Map.of("action", "NEW", "newHead", head, "relationships",
                List.of(Map.of("residentCode", child2, "relationship", "子")))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(household(child)).containsEntry("householdId", id).containsEntry("head", head);
        assertThat(household(spouse)).containsEntry("head", spouse).isNotEqualTo(household(head));
    }

    @Test
    void aMoveWithinMayJoinAnotherHouseholdAndADeathLeavesIt() {
        String head = clerk.registered(arrival(ADDRESS, Map.of()));
        String id = (String) household(head).get("householdId");
        String lodger = clerk.registered(arrival("東京都千代田区永田町1丁目7番1号", Map.of()));

        ResponseEntity<Map> moved = clerk.notify(Map.of("type", "MOVE_WITHIN", "effectiveDate", "2026-11-25",
                "residentCode", lodger, "person", Map.of("address", Map.of("text", ADDRESS)),
                "household", Map.of("action", "JOIN", "householdId", id, "relationship", "同居人")));
        assertThat(moved.getStatusCode()).as("%s", moved.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(household(lodger)).containsEntry("householdId", id);

        assertThat(clerk.notify(Map.of("type", "DEATH", "effectiveDate", "2026-11-26", "residentCode", head))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(household(lodger)).containsEntry("householdId", id).doesNotContainKey("head");
        assertThat(members(lodger)).extracting(member -> member.get("residentCode")).containsExactly(lodger);
        refused(clerk.get("/residents/" + head + "/household"), HttpStatus.NOT_FOUND, "residentCode");
    }

    @Test
    void aPersonWhoMovesOutLeavesTheHouseholdAtTheMoveOutAndTakesNoHouseholdChangeAfter() {
        String head = clerk.registered(arrival(ADDRESS, Map.of()));
        String id = (String) household(head).get("householdId");
        String child = clerk.registered(arrival(ADDRESS, Map.of("household",
                Map.of("action", "JOIN", "householdId", id, "relationship", "子"))));

        ResponseEntity<Map> out = clerk.notify(Map.of("type", "MOVE_OUT",
                "effectiveDate", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).toString(), "residentCode", child,
                "destination", Map.of("municipality", "271004", "address", Map.of("text", "大阪府大阪市北区中之島1丁目3番20号"))));
        assertThat(out.getStatusCode()).as("%s", out.getBody()).isEqualTo(HttpStatus.CREATED);

        assertThat(members(head)).extracting(member -> member.get("residentCode")).containsExactly(head);
        refused(change(child, Map.of("action", "JOIN", "householdId", id, "relationship", "子")), HttpStatus.CONFLICT,
                "residentCode");
        assertThat(members(head)).hasSize(1);
    }

    @Test
    void inconsistentHouseholdInputIsRefusedNamingTheFieldAndWritesNothing() {
        String head = clerk.registered(arrival(ADDRESS, Map.of()));
        long residents = count("residents");
        long memberships = count("household_members");
        long notices = count("notice_outbox");

        refused(clerk.notify(arrival(ADDRESS, Map.of("household", Map.of("action", "JOIN",
                "householdId", UUID.randomUUID().toString(), "relationship", "子")))), HttpStatus.NOT_FOUND,
                "household.householdId");
        refused(clerk.notify(arrival(ADDRESS, Map.of("household", Map.of("action", "JOIN",
                "householdId", household(head).get("householdId"), "relationship", "世帯主")))), HttpStatus.BAD_REQUEST,
                "household.relationship");
        refused(clerk.notify(arrival(ADDRESS, Map.of("household", Map.of("action", "CHANGE_HEAD")))),
                HttpStatus.BAD_REQUEST, "household.action");
        refused(clerk.notify(arrival(ADDRESS, Map.of("household", Map.of()))), HttpStatus.BAD_REQUEST, "household.action");
        refused(clerk.notify(Map.of("type", "HOUSEHOLD_CHANGE", "effectiveDate", "2026-11-25", "residentCode", head)),
                HttpStatus.BAD_REQUEST, "household");
        refused(clerk.notify(Map.of("type", "DEATH", "effectiveDate", "2026-11-25", "residentCode", head,
                "household", Map.of("action", "NEW"))), HttpStatus.BAD_REQUEST, "household");
        refused(change(head, Map.of("action", "NEW")), HttpStatus.CONFLICT, "household.action");

        assertThat(count("residents")).isEqualTo(residents);
        assertThat(count("household_members")).isEqualTo(memberships);
        assertThat(count("notice_outbox")).isEqualTo(notices);
    }

    private ResponseEntity<Map> change(String person, Map<String, Object> household) {
        return clerk.notify(Map.of("type", "HOUSEHOLD_CHANGE", "effectiveDate", "2026-11-25", "residentCode", person,
                "household", household));
    }

    private Map<String, Object> household(String person) {
        ResponseEntity<Map> response = clerk.get("/residents/" + person + "/household");
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> members(String person) {
        return (List<Map<String, Object>>) household(person).get("members");
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
