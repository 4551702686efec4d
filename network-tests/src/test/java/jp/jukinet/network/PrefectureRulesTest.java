package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

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
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.provision.PrefectureUse;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRulesLoader;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import tools.jackson.databind.JsonNode;

/**
 * Every rule of the shipped prefecture rules files ({@code provision-rules-pref-13.json},
 * {@code provision-rules-pref-27.json}), through the gateway with real certificates: the rule's
 * recipient is answered about a resident with exactly the rule's fields (a statistics rule: counts
 * only, and no lookup; a rule of consent: only while the person consents), another body of the
 * prefecture and a day outside the rule's validity are refused with 403 problem+json, a resident
 * of the other prefecture (outside this register) is not found, and every answer and refusal is
 * recorded. The prefecture servers run on a clock the test sets, so that a
 * rule that expired long ago is tested on a day it was in force. Then the attacks on consent.
 */
class PrefectureRulesTest {

    /** The day a rule in force now is tested on; a rule not in force then is tested on its first day. */
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    private static final Map<String, String> MUNICIPALITY = Map.of("13", "131130", "27", "271004");
    private static final Map<String, String> ADDRESS = Map.of("13", "東京都渋谷区宇田川町1番1号", "27", "大阪府大阪市北区中之島1丁目3番20号");
    private static final AtomicLong SERIAL = new AtomicLong(6_100_000_000L);

    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().prefecture("13").prefecture("27")
                .withSource("pref-13", SettableClock.Injection.class)
                .withSource("pref-27", SettableClock.Injection.class)
                .startAll();
    }

    @AfterAll
    static void stop() {
        SettableClock.CLOCK.reset();
        network.close();
    }

    @TestFactory
    Stream<DynamicTest> everyRuleOfThePrefectureRulesFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String pref : List.of("13", "27")) {
            List<ProvisionRule> rules = shippedRules(pref);
            assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
            // the file has a rule of each item of 30-15(1), and provision under 30-15(2)
            assertThat(rules).extracting(ProvisionRule::use).contains(PrefectureUse.values());
            assertThat(rules).extracting(ProvisionRule::article).contains("30-15(2)");
            for (ProvisionRule rule : rules) {
                tests.add(DynamicTest.dynamicTest(rule.id(), () -> exercise(pref, rule, rules)));
            }
        }
        return tests.stream();
    }

    private void exercise(String pref, ProvisionRule rule, List<ProvisionRule> rules) {
        // the file's own claims: a prefecture rule, for a body of this prefecture; an annex rule names its item;
        // 振り仮名 became an item only from 2025-05-26
        assertThat(rule.recipient()).startsWith("agency-pref" + pref + "-");
        if (rule.annexTable() != null) {
            assertThat(rule.annexItem()).as("annex item of " + rule.id()).isNotBlank();
        }
        if (rule.allows(IdentityField.NAME_KANA)) {
            assertThat(rule.validFrom()).as(rule.id() + " names NAME_KANA").isAfterOrEqualTo(LocalDate.of(2025, 5, 26));
        }
        SettableClock clock = SettableClock.CLOCK;
        LocalDate inForce = rule.inForceOn(TODAY) ? TODAY : rule.validFrom();
        IdentityInformation person = resident(pref);
        String other = rules.stream().map(ProvisionRule::recipient).filter(recipient -> !recipient.equals(rule.recipient()))
                .findFirst().orElseThrow();

        clock.setDay(inForce);
        if (rule.use() == PrefectureUse.STATISTICS) {
            // three residents in one cell, so that it is shown
            resident(pref, person.dateOfBirth(), person.sex());
            resident(pref, person.dateOfBirth(), person.sex());
            ResponseEntity<String> counts = statistics(pref, rule.recipient(), rule.id());
            assertThat(counts.getStatusCode()).isEqualTo(HttpStatus.OK);
            JsonNode answer = json(counts);
            assertThat(answer.get("basis").asString()).isEqualTo(rule.id());
            assertThat(answer.get("cells").size()).isPositive();
            for (JsonNode cell : answer.get("cells")) {
                assertThat(List.copyOf(cell.propertyNames())).isSubsetOf("municipality", "ageBand", "sex", "count");
                assertThat(cell.get("count").asLong()).isGreaterThanOrEqualTo(3);
            }
            String band = ageBand(person.dateOfBirth(), inForce);
            assertThat(answer.get("cells").valueStream().anyMatch(cell -> cell.get("municipality").asString()
                    .equals(MUNICIPALITY.get(pref)) && cell.get("ageBand").asString().equals(band)
                    && cell.get("sex").asString().equals(person.sex().name()))).isTrue();
            // never a person, never a resident code
            assertThat(counts.getBody()).doesNotContain(person.residentCode().value()).doesNotContain("name")
                    .doesNotContain("residentCode").doesNotContain("dateOfBirth");
            assertThat(lastRecord(pref)).containsEntry("basis", rule.id()).containsEntry("outcome", "PROVIDED")
                    .containsEntry("lookup_key", "AGGREGATE").containsEntry("resident_code", null);
            // a person-level lookup under a statistics rule is refused and recorded
            assertRefused(lookup(pref, rule.recipient(), rule.id(), person), pref, rule.recipient(), rule.id(),
                    "STATISTICS_ONLY");
            assertThat(lastRecord(pref)).containsEntry("resident_code", person.residentCode().value());
            assertRefused(statistics(pref, other, rule.id()), pref, other, rule.id(), "NOT_RECIPIENT");
            for (LocalDate outside : outside(rule)) {
                clock.setDay(outside);
                assertRefused(statistics(pref, rule.recipient(), rule.id()), pref, rule.recipient(), rule.id(),
                        "NOT_IN_FORCE");
            }
            return;
        }
        // no rule but a statistics rule yields statistics
        assertRefused(statistics(pref, rule.recipient(), rule.id()), pref, rule.recipient(), rule.id(), "NOT_STATISTICS");
        if (rule.use() == PrefectureUse.CONSENTED_TASK) {
            // without the person's consent: refused, and recorded about the person, who sees it
            assertRefused(lookup(pref, rule.recipient(), rule.id(), person), pref, rule.recipient(), rule.id(), "NO_CONSENT");
            assertThat(lastRecord(pref)).containsEntry("resident_code", person.residentCode().value());
            assertThat(records(pref, person).valueStream().anyMatch(record -> record.get("basis").asString().equals(rule.id())
                    && record.get("refusal").asString().equals("NO_CONSENT"))).isTrue();
            JsonNode given = json(consent(pref, person, rule.id(), true));
            assertThat(given.get("consented").asBoolean()).isTrue();
        }
        ResponseEntity<String> answer = lookup(pref, rule.recipient(), rule.id(), person);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(providedFields(json(answer))).as(rule.id()).isEqualTo(rule.fields());
        assertThat(lastRecord(pref)).containsEntry("recipient", rule.recipient()).containsEntry("basis", rule.id())
                .containsEntry("outcome", "PROVIDED").containsEntry("resident_code", person.residentCode().value());
        // the person reads the use among their prefecture's provision records
        assertThat(records(pref, person).valueStream().anyMatch(record -> record.get("basis").asString().equals(rule.id())
                && record.get("outcome").asString().equals("PROVIDED"))).isTrue();
        if (rule.use() == PrefectureUse.CONSENTED_TASK) {
            JsonNode revoked = json(consent(pref, person, rule.id(), false));
            assertThat(revoked.get("consented").asBoolean()).isFalse();
            assertRefused(lookup(pref, rule.recipient(), rule.id(), person), pref, rule.recipient(), rule.id(), "NO_CONSENT");
        }
        assertRefused(lookup(pref, other, rule.id(), person), pref, other, rule.id(), "NOT_RECIPIENT");
        // the prefecture's use and provision reach the people of its own register only: a resident of the
        // other prefecture is not found (and the lookup is recorded)
        IdentityInformation elsewhere = resident(pref.equals("13") ? "27" : "13");
        ResponseEntity<String> notHere = lookup(pref, rule.recipient(), rule.id(), elsewhere);
        assertThat(notHere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(notHere.getBody()).doesNotContain("山田");
        assertThat(lastRecord(pref)).containsEntry("basis", rule.id()).containsEntry("outcome", "NOT_FOUND");
        for (LocalDate outside : outside(rule)) {
            clock.setDay(outside);
            assertRefused(lookup(pref, rule.recipient(), rule.id(), person), pref, rule.recipient(), rule.id(),
                    "NOT_IN_FORCE");
        }
    }

    @Test
    void aResidentCannotConsentForAnotherResident() {
        String basis = "pref13-30-15-1-consent";
        SettableClock.CLOCK.setDay(TODAY);
        IdentityInformation victim = resident("13");
        IdentityInformation attacker = resident("13");
        // the attacker's own certificate on the victim's consent: the gateway lets only the person through
        for (boolean give : List.of(true, false)) {
            ResponseEntity<String> answer = give
                    ? network.client("gateway", "resident-" + attacker.residentCode().value()).put()
                            .uri("/api/v1/prefectures/13/residents/" + victim.residentCode().value() + "/consents/" + basis)
                            .retrieve().toEntity(String.class)
                    : network.client("gateway", "resident-" + attacker.residentCode().value()).delete()
                            .uri("/api/v1/prefectures/13/residents/" + victim.residentCode().value() + "/consents/" + basis)
                            .retrieve().toEntity(String.class);
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(network.client("gateway", "resident-" + attacker.residentCode().value()).get()
                .uri("/api/v1/prefectures/13/residents/" + victim.residentCode().value() + "/consents")
                .retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // nor does the body that would use the information consent for the person
        assertThat(network.client("gateway", "agency-pref13-kenmin").put()
                .uri("/api/v1/prefectures/13/residents/" + victim.residentCode().value() + "/consents/" + basis)
                .retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(network.database("pref-13").sql("SELECT count(*) FROM use_consents WHERE resident_code = :code")
                .param("code", victim.residentCode().value()).query(Long.class).single()).isZero();
        assertRefused(lookup("13", "agency-pref13-kenmin", basis, victim), "13", "agency-pref13-kenmin", basis, "NO_CONSENT");
        // the victim still decides for themself
        JsonNode consents = json(network.client("gateway", "resident-" + victim.residentCode().value()).get()
                .uri("/api/v1/prefectures/13/residents/" + victim.residentCode().value() + "/consents")
                .retrieve().toEntity(String.class));
        assertThat(consents.valueStream().filter(consent -> consent.get("basis").asString().equals(basis))
                .allMatch(consent -> !consent.get("consented").asBoolean())).isTrue();
    }

    @Test
    void aPrefectureKeepsConsentsOnlyOfItsOwnResidentsAndOnlyForRulesOfConsent() {
        SettableClock.CLOCK.setDay(TODAY);
        // a resident of 大阪府, with their own certificate, at 東京都: its register does not hold them
        IdentityInformation osaka = resident("27");
        ResponseEntity<String> answer = consent("13", osaka, "pref13-30-15-1-consent", true);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(answer).get("field").asString()).isEqualTo("residentCode");
        // a rule that is not one of consent
        IdentityInformation tokyo = resident("13");
        answer = consent("13", tokyo, "pref13-30-15-1-passport", true);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(answer).get("field").asString()).isEqualTo("basis");
        assertThat(network.database("pref-13").sql("SELECT count(*) FROM use_consents WHERE resident_code IN (:a, :b)")
                .param("a", osaka.residentCode().value()).param("b", tokyo.residentCode().value())
                .query(Long.class).single()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    private static List<ProvisionRule> shippedRules(String pref) {
        try (InputStream in = PrefectureRulesTest.class.getResourceAsStream("/provision-rules-pref-" + pref + ".json")) {
            return ProvisionRulesLoader.load(in).rules();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The day before the rule's first day, and the day after its last if it has one. */
    private static List<LocalDate> outside(ProvisionRule rule) {
        List<LocalDate> days = new ArrayList<>(List.of(rule.validFrom().minusDays(1)));
        if (rule.validTo() != null) {
            days.add(rule.validTo().plusDays(1));
        }
        return days;
    }

    private static IdentityInformation resident(String pref) {
        return resident(pref, LocalDate.of(1990, 6, 15), Sex.FEMALE);
    }

    /** A new active resident in the prefecture's register (as a notice from the CS would leave them). */
    private static IdentityInformation resident(String pref, LocalDate born, Sex sex) {
        long serial = SERIAL.incrementAndGet();
        IdentityInformation person = new IdentityInformation(ResidentCode.fromSerial(serial), MyNumber.fromData(serial),
                new PersonName("山田", "花子", "ヤマダ", "ハナコ", "佐藤", null), born, sex,
                new Address(ADDRESS.get(pref)), LocalGovernmentCode.of(MUNICIPALITY.get(pref)), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, born, born));
        String node = "pref-" + pref;
        network.bean(node, TransactionTemplate.class).executeWithoutResult(status -> network.bean(node, ResidentRegister.class)
                .record(List.of(new RecordedChange(UUID.randomUUID(), NodeId.of("cs-" + MUNICIPALITY.get(pref)), null,
                        Instant.now(), person, null, null))));
        return person;
    }

    private static String ageBand(LocalDate born, LocalDate on) {
        int age = java.time.Period.between(born, on).getYears();
        int band = Math.min(age / 5 * 5, 100);
        return band == 100 ? "100+" : band + "-" + (band + 4);
    }

    private static ResponseEntity<String> lookup(String pref, String caller, String basis, IdentityInformation person) {
        return network.client("gateway", caller).post().uri("/api/v1/prefectures/" + pref + "/lookups")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"basis\":\"" + basis + "\",\"residentCode\":\"" + person.residentCode().value() + "\"}")
                .retrieve().toEntity(String.class);
    }

    private static ResponseEntity<String> statistics(String pref, String caller, String basis) {
        return network.client("gateway", caller).get().uri("/api/v1/prefectures/" + pref + "/statistics?basis=" + basis)
                .retrieve().toEntity(String.class);
    }

    /** The person, with their own certificate, gives or revokes their consent. */
    private static ResponseEntity<String> consent(String pref, IdentityInformation person, String basis, boolean give) {
        String code = person.residentCode().value();
        String uri = "/api/v1/prefectures/" + pref + "/residents/" + code + "/consents/" + basis;
        var client = network.client("gateway", "resident-" + code);
        return give ? client.put().uri(uri).retrieve().toEntity(String.class)
                : client.delete().uri(uri).retrieve().toEntity(String.class);
    }

    /** The person's records at the prefecture, read with their own certificate. */
    private static JsonNode records(String pref, IdentityInformation person) {
        ResponseEntity<String> page = network.client("gateway", "resident-" + person.residentCode().value()).get()
                .uri("/api/v1/prefectures/" + pref + "/provision-records").retrieve().toEntity(String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json(page).get("records");
    }

    private static void assertRefused(ResponseEntity<String> answer, String pref, String caller, String basis,
                                      String reason) {
        assertThat(answer.getStatusCode()).as(basis + " " + reason + ": " + answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).get("field").asString()).isEqualTo("basis");
        assertThat(lastRecord(pref)).containsEntry("recipient", caller).containsEntry("basis", basis)
                .containsEntry("outcome", "REFUSED").containsEntry("refusal", reason);
    }

    private static Map<String, Object> lastRecord(String pref) {
        Map<String, Object> row = new java.util.HashMap<>(network.database("pref-" + pref)
                .sql("SELECT recipient, basis, resident_code, lookup_key, outcome, refusal FROM provision_records"
                        + " ORDER BY seq DESC LIMIT 1").query().singleRow());
        if (row.get("resident_code") != null) {
            row.put("resident_code", row.get("resident_code").toString().trim());
        }
        return row;
    }

    /** The identity fields an answer carries, read from its JSON (not from the model that wrote it). */
    private static Set<IdentityField> providedFields(JsonNode answer) {
        Set<IdentityField> fields = new HashSet<>();
        Set<String> top = new HashSet<>(answer.propertyNames());
        top.remove("outcome");
        for (String name : top) {
            switch (name) {
                case "residentCode" -> fields.add(IdentityField.RESIDENT_CODE);
                case "myNumber" -> fields.add(IdentityField.MY_NUMBER);
                case "change" -> fields.add(IdentityField.CHANGE_INFORMATION);
                case "status" -> fields.add(IdentityField.STATUS);
                case "person" -> {
                    for (String part : answer.get("person").propertyNames()) {
                        switch (part) {
                            case "address" -> fields.add(IdentityField.ADDRESS);
                            case "dateOfBirth" -> fields.add(IdentityField.DATE_OF_BIRTH);
                            case "sex" -> fields.add(IdentityField.SEX);
                            case "name" -> {
                                Set<String> name2 = new HashSet<>(answer.get("person").get("name").propertyNames());
                                if (name2.contains("family") || name2.contains("given")) {
                                    assertThat(name2).contains("family", "given");
                                    fields.add(IdentityField.NAME);
                                }
                                if (name2.contains("familyKana") || name2.contains("givenKana")) {
                                    assertThat(name2).contains("familyKana", "givenKana");
                                    fields.add(IdentityField.NAME_KANA);
                                }
                                if (name2.contains("formerSurname") || name2.contains("alias")) {
                                    fields.add(IdentityField.FORMER_SURNAME_OR_ALIAS);
                                }
                            }
                            default -> throw new AssertionError("unexpected part of a person: " + part);
                        }
                    }
                }
                default -> throw new AssertionError("unexpected field of an answer: " + name);
            }
        }
        return fields;
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }
}
