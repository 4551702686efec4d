package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What the clerks (and residents) of the test network do, through the gateway, and how a test reads the nodes' databases. */
final class Clerks {

    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final String[][] FAMILY = {{"山田", "ヤマダ"}, {"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"},
            {"田中", "タナカ"}, {"伊藤", "イトウ"}, {"渡辺", "ワタナベ"}, {"中村", "ナカムラ"}};
    private static final String[][] GIVEN = {{"花子", "ハナコ"}, {"太郎", "タロウ"}, {"美咲", "ミサキ"}, {"大輔", "ダイスケ"},
            {"陽菜", "ヒナ"}, {"翔", "ショウ"}};

    static final Map<String, String> ADDRESSES = Map.of(
            "131016", "東京都千代田区千代田1番1号",
            "131130", "東京都渋谷区宇田川町1番1号",
            "271004", "大阪府大阪市北区中之島1丁目3番20号",
            "272035", "大阪府豊中市中桜塚3丁目1番1号");

    private final LocalNetwork network;

    Clerks(LocalNetwork network) {
        this.network = network;
    }

    static String today() {
        return LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
    }

    static String daysFromToday(int days) {
        return LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(days).toString();
    }

    /** A new adult resident of {@code lg} (国外からの転入, so any date of birth will do), at the municipality's usual address. */
    Map<String, Object> newResident(String lg) {
        return newResident(lg, ADDRESSES.get(lg));
    }

    Map<String, Object> newResident(String lg, String address) {
        return newResident(lg, address, Map.of());
    }

    /** As {@link #newResident(String, String)}, with extra fields of the 届出 ({@code domicile}, {@code household}). */
    Map<String, Object> newResident(String lg, String address, Map<String, Object> extra) {
        int n = PEOPLE.incrementAndGet();
        String[] family = FAMILY[n % FAMILY.length];
        String[] given = GIVEN[(n / FAMILY.length) % GIVEN.length];
        Map<String, Object> body = Map.of("type", "MOVE_IN_FROM_ABROAD", "effectiveDate", daysFromToday(-30),
                "person", Map.of("name", Map.of("family", family[0], "given", given[0], "familyKana", family[1],
                                "givenKana", given[1]),
                        "dateOfBirth", LocalDate.of(1960, 1, 1).plusDays(n * 37L).toString(), "sex", n % 2 == 0 ? "FEMALE" : "MALE",
                        "address", Map.of("text", address)));
        Map<String, Object> withExtra = new HashMap<>(body);
        withExtra.putAll(extra);
        return created(notify(lg, null, withExtra));
    }

    /** The household of a resident of {@code lg}, as its clerk reads it: {householdId, head, members}. */
    Map<String, Object> household(String lg, String code) {
        ResponseEntity<Map> response = network.client("cs-" + lg).get()
                .uri("/api/v1/municipalities/" + lg + "/residents/" + code + "/household").retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    /** The 附票 of a person as the clerk of their 本籍地 {@code lg} reads it (404 while there is none). */
    ResponseEntity<Map> fuhyo(String lg, String code) {
        return network.client("cs-" + lg).get().uri("/api/v1/municipalities/" + lg + "/fuhyo/" + code)
                .retrieve().toEntity(Map.class);
    }

    /**
     * A card-based 転出届 (特例転出) at {@code lg} to {@code destination}, planned for {@code planned}:
     * the 転出証明書情報 goes to the destination over the network.
     */
    ResponseEntity<Map> moveOut(String lg, String code, String destination, String planned) {
        return notify(lg, null, moveOutBody(code, destination, planned));
    }

    static Map<String, Object> moveOutBody(String code, String destination, String planned) {
        Map<String, Object> body = new HashMap<>(ordinaryMoveOutBody(code, destination, planned));
        body.put("cardBased", true);
        return body;
    }

    /** An ordinary 転出届 at {@code lg}: nothing is sent to the destination, the person carries a paper 転出証明書. */
    ResponseEntity<Map> ordinaryMoveOut(String lg, String code, String destination, String planned) {
        return notify(lg, null, ordinaryMoveOutBody(code, destination, planned));
    }

    static Map<String, Object> ordinaryMoveOutBody(String code, String destination, String planned) {
        return Map.of("type", "MOVE_OUT", "effectiveDate", planned, "residentCode", code,
                "destination", Map.of("municipality", destination, "address", Map.of("text", ADDRESSES.get(destination))));
    }

    /** The 転出証明書 of an ordinary move-out, as A's clerk fetches it (JSON). */
    ResponseEntity<Map> certificate(String lg, String moveId) {
        return network.client("gateway", "clerk-" + lg).get()
                .uri("/api/v1/municipalities/" + lg + "/moves/" + moveId + "/certificate")
                .accept(MediaType.APPLICATION_JSON).retrieve().toEntity(Map.class);
    }

    /**
     * A 転入届 at {@code lg} on 転出証明書情報 received, moved on {@code movedOn}, with optional extra fields
     * (cardPresented — true unless given —, person.address, moveId, moveOutCertificate).
     */
    ResponseEntity<Map> moveIn(String lg, String code, String movedOn, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "MOVE_IN", "effectiveDate", movedOn, "residentCode", code));
        if (!extra.containsKey("moveOutCertificate")) {
            body.put("cardPresented", true);
        }
        body.putAll(extra);
        return notify(lg, null, body);
    }

    /** A 転入届 at {@code lg} on a paper 転出証明書, its contents entered by the clerk. */
    ResponseEntity<Map> moveInOnPaper(String lg, String code, String movedOn, Map<String, Object> paper) {
        return moveIn(lg, code, movedOn, Map.of("moveOutCertificate", paper));
    }

    ResponseEntity<Map> notify(String lg, String idempotencyKey, Map<String, Object> body) {
        return network.client("cs-" + lg).post().uri("/api/v1/municipalities/" + lg + "/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .body(body).retrieve().toEntity(Map.class);
    }

    Map<String, Object> resident(String lg, String code) {
        ResponseEntity<Map> response = network.client("cs-" + lg).get().uri("/api/v1/municipalities/" + lg + "/residents/" + code)
                .retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    Map<String, Object> moves(String lg, String code) {
        ResponseEntity<Map> response = network.client("cs-" + lg).get()
                .uri("/api/v1/municipalities/" + lg + "/moves?residentCode=" + code).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    /**
     * The requester of a wide-area copy as a clerk reads them from the My Number card they show: the
     * resident code, name and date of birth the card carries (those registered for the code at any
     * CS of the network; an unknown code gets a name nobody has).
     */
    Map<String, Object> requester(String code) {
        for (String node : network.names()) {
            if (!node.startsWith("cs-") || !network.isRunning(node)) {
                continue;
            }
            Map<String, Object> found = network.database(node).sql("""
                            SELECT identity->'name'->>'family' AS family, identity->'name'->>'given' AS given,
                                   identity->>'dateOfBirth' AS "dateOfBirth"
                            FROM residents WHERE resident_code = :code""")
                    .param("code", code).query().listOfRows().stream().findFirst().orElse(null);
            if (found != null) {
                Map<String, Object> requester = new HashMap<>(found);
                requester.put("residentCode", code);
                requester.put("identityDocument", "MY_NUMBER_CARD");
                return requester;
            }
        }
        return Map.of("residentCode", code, "family", "無名", "given", "権兵衛", "dateOfBirth", "1970-01-01",
                "identityDocument", "MY_NUMBER_CARD");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> created(ResponseEntity<Map> response) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.CREATED);
        return response.getBody();
    }

    static void refused(ResponseEntity<Map> response, HttpStatus status, String field) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) response.getBody().get("type")).startsWith("urn:jukinet:problem:");
        if (field != null) {
            assertThat(response.getBody()).containsEntry("field", field);
        }
    }

    /**
     * The current record of a resident at a node: {status, municipality, prefecture, reason, effective,
     * residence, my_number, moved_to}, or null.
     */
    Map<String, Object> record(String node, String code) {
        return network.database(node).sql("""
                        SELECT status, municipality, prefecture, identity->'change'->>'reason' AS reason,
                               identity->'change'->>'effectiveDate' AS effective,
                               coalesce((identity->>'residence')::int, 0) AS residence, my_number,
                               identity->>'movedTo' AS moved_to
                        FROM residents WHERE resident_code = :code""")
                .param("code", code).query().listOfRows().stream().findFirst().orElse(null);
    }

    /** The reasons of a resident's history at a node, sorted (the order of arrival differs between tiers). */
    List<String> reasons(String node, String code) {
        return network.database(node).sql("SELECT reason FROM resident_history WHERE resident_code = :code ORDER BY reason")
                .param("code", code).query(String.class).list();
    }

    long count(String node, String sql) {
        return network.database(node).sql(sql).query(Long.class).single();
    }

    String incomingState(String lg, Object moveId) {
        return network.database("cs-" + lg).sql("SELECT state FROM incoming_moves WHERE move_id = :id::uuid")
                .param("id", moveId.toString()).query(String.class).optional().orElse(null);
    }

    String outgoingState(String lg, Object moveId) {
        return network.database("cs-" + lg).sql("SELECT state FROM outgoing_moves WHERE move_id = :id::uuid")
                .param("id", moveId.toString()).query(String.class).optional().orElse(null);
    }
}
