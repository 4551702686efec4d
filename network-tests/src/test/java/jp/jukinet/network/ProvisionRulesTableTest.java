package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.provision.ProvisionRulesLoader;
import tools.jackson.databind.JsonNode;

/**
 * Every rule of the shipped national and municipal rules files, one by one, through the gateway with
 * real certificates against the nodes that serve them (J-LIS: Art. 30-9 to 30-12; 千代田区's CS: Art.
 * 30-14): on the day the rule comes into force its recipient gets, for a person inside the rule's
 * scope, exactly the rule's fields; another recipient, a person outside the scope (30-10 to 30-12: by
 * the 通知都道府県 of the person, who was registered at a CS and notified up the chain by a real
 * prefecture server) and the day before the rule (and the day after its end, if it ends) each get 403,
 * and each of those refusals is recorded at the provider.
 */
class ProvisionRulesTableTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final PrefectureCode TOKYO = PrefectureCode.of("13");
    /** A body no rule names, of another municipality than 千代田区, so that the gateway lets it reach every provider. */
    private static final String ANOTHER_RECIPIENT = "agency-lg131130-other";

    /** A file of rules and the node that serves them. */
    private record Provider(String file, String node, String lookups) {
    }

    private static final Provider NATIONAL = new Provider("provision-rules-national.json", "national",
            "/api/v1/national/lookups");
    private static final Provider CHIYODA = new Provider("provision-rules-lg-131016.json", "cs-131016",
            "/api/v1/municipalities/131016/lookups");

    /** A resident as the test registered them at their CS. */
    private record Resident(String code, String family, String given, String formerSurname, String address) {
    }

    private static LocalNetwork network;
    private static Resident tokyo;
    private static Resident osaka;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").prefecture("27").cs("131016").cs("271004")
                .withSource("national", SettableClock.Injection.class)
                .withSource("cs-131016", SettableClock.JapanInjection.class)
                .startAll();
        tokyo = register("131016", "表木", "一葉", "ヒョウキ", "イチヨウ", "旧木", "1951-02-03");
        osaka = register("271004", "表木", "二葉", "ヒョウキ", "フタバ", "旧川", "1952-03-04");
        // J-LIS holds each as notified by their own prefecture's server
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(new Clerks(network).record("national", tokyo.code())).containsEntry("prefecture", "13");
            assertThat(new Clerks(network).record("national", osaka.code())).containsEntry("prefecture", "27");
        });
    }

    @AfterAll
    static void stopNetwork() {
        SettableClock.CLOCK.reset();
        network.close();
    }

    @AfterEach
    void backToToday() {
        SettableClock.CLOCK.reset();
    }

    /** Every rule of every shipped national and municipal file, with the node that serves it. */
    static Stream<Object[]> everyRule() {
        List<Object[]> cases = new ArrayList<>();
        for (Provider provider : List.of(NATIONAL, CHIYODA)) {
            rules(provider).rules().forEach(rule -> cases.add(new Object[] {rule.id(), provider, rule}));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void servesItsRecipientExactlyItsFieldsInScopeAndInForceAndRefusesAndRecordsTheRest(String id, Provider provider,
                                                                                          ProvisionRule rule) {
        Resident inside = rule.scope() == null || rule.scope().covers(TOKYO) ? tokyo : osaka;
        Resident outside = rule.scope() == null ? null : inside == tokyo ? osaka : tokyo;

        // its recipient, on the day the rule comes into force, for a person inside its scope
        SettableClock.CLOCK.setDay(rule.validFrom());
        assertProvided(provider, rule, inside);

        // another recipient
        assertRefused(lookup(provider, ANOTHER_RECIPIENT, rule, inside), provider, ANOTHER_RECIPIENT, rule, inside,
                "NOT_RECIPIENT");

        // a person outside its scope (Art. 30-10 to 30-12)
        if (outside != null) {
            ResponseEntity<String> refused = lookup(provider, rule.recipient(), rule, outside);
            assertRefused(refused, provider, rule.recipient(), rule, outside, "OUT_OF_SCOPE");
            assertThat(refused.getBody()).doesNotContain(outside.given()).doesNotContain(outside.address())
                    .doesNotContain(outside.formerSurname());
        }

        // the day before it is in force
        SettableClock.CLOCK.setDay(rule.validFrom().minusDays(1));
        assertRefused(lookup(provider, rule.recipient(), rule, inside), provider, rule.recipient(), rule, inside,
                "NOT_IN_FORCE");

        // its last day, and the day after it ends
        if (rule.validTo() != null) {
            SettableClock.CLOCK.setDay(rule.validTo());
            assertProvided(provider, rule, inside);
            SettableClock.CLOCK.setDay(rule.validTo().plusDays(1));
            assertRefused(lookup(provider, rule.recipient(), rule, inside), provider, rule.recipient(), rule, inside,
                    "NOT_IN_FORCE");
        }
    }

    @Test
    void noRuleNamesTheKanaReadingBeforeItBecameAnItemOfTheRecord() {
        for (Provider provider : List.of(NATIONAL, CHIYODA)) {
            for (ProvisionRule rule : rules(provider).rules()) {
                if (rule.allows(IdentityField.NAME_KANA)) {
                    assertThat(rule.validFrom()).as(rule.id()).isAfterOrEqualTo(IdentityField.NAME_KANA_ITEM_FROM);
                }
            }
        }
    }

    @Test
    void everyRuleIdOfTheShippedFilesIsDistinctServedByTheTierOfItsFileAndNamesItsAnnexItem() {
        Set<String> ids = new HashSet<>();
        for (Provider provider : List.of(NATIONAL, CHIYODA)) {
            for (ProvisionRule rule : rules(provider).rules()) {
                assertThat(ids.add(rule.id())).as(rule.id()).isTrue();
                // every rule under an annex table names its item
                assertThat(rule.annexTable() == null || rule.annexItem() != null).as(rule.id()).isTrue();
                assertThat(rule.provider().name()).as(rule.id())
                        .isEqualTo(provider == NATIONAL ? "NATIONAL" : "MUNICIPALITY");
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void article30_14IsTheMunicipalitysNotJLisAndReachesOnlyItsOwnRegister() {
        ProvisionRule chiyodaToShibuya = rules(CHIYODA).byId("lg131016-30-14-to-131130").orElseThrow();
        // J-LIS holds no 30-14 rule: refused and recorded there
        ResponseEntity<String> atJLis = lookup(NATIONAL, chiyodaToShibuya.recipient(), chiyodaToShibuya, tokyo);
        assertRefused(atJLis, NATIONAL, chiyodaToShibuya.recipient(), chiyodaToShibuya, tokyo, "UNKNOWN_BASIS");
        // 千代田区's CS answers about its own residents only: a resident of 大阪市 is not found there (and recorded)
        ResponseEntity<String> notHere = lookup(CHIYODA, chiyodaToShibuya.recipient(), chiyodaToShibuya, osaka);
        assertThat(notHere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(lastRecord(CHIYODA)).containsEntry("outcome", "NOT_FOUND").containsEntry("resident_code", null);
        // 千代田区's own bodies do not ask their CS under 30-14: the gateway refuses them, the CS never sees it
        long recorded = records(CHIYODA);
        ResponseEntity<String> ownBody = network.client("gateway", "agency-lg131016-kokuho").post()
                .uri(CHIYODA.lookups()).contentType(MediaType.APPLICATION_JSON)
                .body(body(chiyodaToShibuya, tokyo)).retrieve().toEntity(String.class);
        assertThat(ownBody.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(records(CHIYODA)).isEqualTo(recorded);
        // the resident reads at 千代田区's CS who received their information from it (F7)
        assertThat(lookup(CHIYODA, chiyodaToShibuya.recipient(), chiyodaToShibuya, tokyo).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> mine = network.client("gateway", "resident-" + tokyo.code()).get()
                .uri("/api/v1/municipalities/131016/provision-records").retrieve().toEntity(String.class);
        assertThat(mine.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode newest = JukiNetJson.mapper().readTree(mine.getBody()).get("records").get(0);
        assertThat(newest.get("recipient").asString()).isEqualTo(chiyodaToShibuya.recipient());
        assertThat(newest.get("basis").asString()).isEqualTo(chiyodaToShibuya.id());
        assertThat(newest.get("outcome").asString()).isEqualTo("PROVIDED");
        // another resident reads only their own: none about them here
        ResponseEntity<String> theirs = network.client("gateway", "resident-" + osaka.code()).get()
                .uri("/api/v1/municipalities/131016/provision-records").retrieve().toEntity(String.class);
        assertThat(JukiNetJson.mapper().readTree(theirs.getBody()).get("records").isEmpty()).isTrue();
        // the rules it serves, to the body they name
        ResponseEntity<String> rules = network.client("gateway", chiyodaToShibuya.recipient()).get()
                .uri("/api/v1/municipalities/131016/provision-rules").retrieve().toEntity(String.class);
        assertThat(JukiNetJson.mapper().readTree(rules.getBody()).valueStream().map(rule -> rule.get("id").asString())
                .toList()).containsExactly("lg131016-30-14-to-131130");
    }

    @Test
    void theCsKeepsItsRecordsInTheSameTablesAsJLisMigratedAtItsOwnVersion() {
        String columns = """
                SELECT table_name, column_name, data_type, is_nullable, character_maximum_length
                FROM information_schema.columns
                WHERE table_name IN ('provision_records', 'provision_chain_head')
                ORDER BY table_name, ordinal_position""";
        assertThat(network.database("cs-131016").sql(columns).query().listOfRows())
                .isEqualTo(network.database("national").sql(columns).query().listOfRows()).hasSize(14);
        String triggers = "SELECT trigger_name, event_manipulation FROM information_schema.triggers "
                + "WHERE event_object_table = 'provision_records' ORDER BY 1, 2";
        assertThat(network.database("cs-131016").sql(triggers).query().listOfRows())
                .isEqualTo(network.database("national").sql(triggers).query().listOfRows()).isNotEmpty();
    }

    private static void assertProvided(Provider provider, ProvisionRule rule, Resident person) {
        ResponseEntity<String> answer = lookup(provider, rule.recipient(), rule, person);
        assertThat(answer.getStatusCode()).as("%s: %s", rule.id(), answer.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode result = JukiNetJson.mapper().readTree(answer.getBody());
        assertThat(fieldsIn(result)).as(rule.id()).isEqualTo(rule.fields());
        if (rule.allows(IdentityField.NAME)) {
            assertThat(result.get("person").get("name").get("given").asString()).isEqualTo(person.given());
        }
        if (rule.allows(IdentityField.RESIDENT_CODE)) {
            assertThat(result.get("residentCode").asString()).isEqualTo(person.code());
        }
        if (rule.allows(IdentityField.ADDRESS)) {
            assertThat(result.get("person").get("address").get("text").asString()).isEqualTo(person.address());
        }
        assertThat(lastRecord(provider)).as(rule.id()).containsEntry("recipient", rule.recipient())
                .containsEntry("basis", rule.id()).containsEntry("resident_code", person.code())
                .containsEntry("outcome", "PROVIDED").containsEntry("refusal", null)
                .containsEntry("fields", String.join(",", rule.fields().stream().map(Enum::name).toList()));
    }

    private static void assertRefused(ResponseEntity<String> answer, Provider provider, String caller, ProvisionRule rule,
                                      Resident person, String reason) {
        assertThat(answer.getStatusCode()).as("%s %s: %s", rule.id(), reason, answer.getBody())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = JukiNetJson.mapper().readTree(answer.getBody());
        assertThat(problem.get("field").asString()).isEqualTo("basis");
        assertThat(answer.getBody()).doesNotContain(person.family()).doesNotContain(person.code());
        assertThat(lastRecord(provider)).as("%s %s", rule.id(), reason).containsEntry("recipient", caller)
                .containsEntry("basis", rule.id()).containsEntry("resident_code", person.code())
                .containsEntry("outcome", "REFUSED").containsEntry("refusal", reason).containsEntry("fields", "");
    }

    /** The identity fields an answer carries, by the JSON members present. */
    private static Set<IdentityField> fieldsIn(JsonNode result) {
        Set<IdentityField> fields = EnumSet.noneOf(IdentityField.class);
        assertThat(result.get("outcome").asString()).isEqualTo("PROVIDED");
        if (result.has("residentCode")) {
            fields.add(IdentityField.RESIDENT_CODE);
        }
        if (result.has("myNumber")) {
            fields.add(IdentityField.MY_NUMBER);
        }
        if (result.has("change")) {
            fields.add(IdentityField.CHANGE_INFORMATION);
        }
        if (result.has("status")) {
            fields.add(IdentityField.STATUS);
        }
        JsonNode person = result.get("person");
        if (person != null) {
            JsonNode name = person.get("name");
            if (name != null) {
                if (name.has("family") || name.has("given")) {
                    fields.add(IdentityField.NAME);
                }
                if (name.has("familyKana") || name.has("givenKana")) {
                    fields.add(IdentityField.NAME_KANA);
                }
                if (name.has("formerSurname") || name.has("alias")) {
                    fields.add(IdentityField.FORMER_SURNAME_OR_ALIAS);
                }
            }
            if (person.has("dateOfBirth")) {
                fields.add(IdentityField.DATE_OF_BIRTH);
            }
            if (person.has("sex")) {
                fields.add(IdentityField.SEX);
            }
            if (person.has("address")) {
                fields.add(IdentityField.ADDRESS);
            }
        }
        return fields;
    }

    private static ResponseEntity<String> lookup(Provider provider, String caller, ProvisionRule rule, Resident person) {
        return network.client("gateway", caller).post().uri(provider.lookups()).contentType(MediaType.APPLICATION_JSON)
                .body(body(rule, person)).retrieve().toEntity(String.class);
    }

    private static String body(ProvisionRule rule, Resident person) {
        return "{\"basis\":\"" + rule.id() + "\",\"residentCode\":\"" + person.code() + "\"}";
    }

    private static Map<String, Object> lastRecord(Provider provider) {
        return network.database(provider.node()).sql("""
                        SELECT recipient, basis, trim(resident_code) AS resident_code, fields, outcome, refusal
                        FROM provision_records ORDER BY seq DESC LIMIT 1""")
                .query().singleRow();
    }

    private static long records(Provider provider) {
        return network.database(provider.node()).sql("SELECT count(*) FROM provision_records").query(Long.class).single();
    }

    private static ProvisionRules rules(Provider provider) {
        try (InputStream in = ProvisionRulesTableTest.class.getClassLoader().getResourceAsStream(provider.file())) {
            assertThat(in).as(provider.file()).isNotNull();
            return ProvisionRulesLoader.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resident registered at {@code lg} by its clerk (国外からの転入), with a former surname (旧氏) on record. */
    private static Resident register(String lg, String family, String given, String familyKana, String givenKana,
                                     String formerSurname, String dateOfBirth) {
        String address = Clerks.ADDRESSES.get(lg);
        Map<String, Object> body = Map.of("type", "MOVE_IN_FROM_ABROAD", "effectiveDate", Clerks.daysFromToday(-30),
                "person", Map.of("name", Map.of("family", family, "given", given, "familyKana", familyKana,
                                "givenKana", givenKana, "formerSurname", formerSurname),
                        "dateOfBirth", dateOfBirth, "sex", "FEMALE", "address", Map.of("text", address)));
        Map<String, Object> created = Clerks.created(new Clerks(network).notify(lg, null, body));
        return new Resident((String) created.get("residentCode"), family, given, formerSurname, address);
    }
}
