package jp.jukinet.model.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.model.identity.IdentityField;

class ProvisionRulesLoaderTest {

    @Test
    void loadsAVersionedRulesFile() throws IOException {
        ProvisionRules rules;
        try (InputStream in = getClass().getResourceAsStream("/provision/rules-2026-11-01.json")) {
            rules = ProvisionRulesLoader.load(in);
        }
        assertThat(rules.version()).isEqualTo("2026-11-01");
        assertThat(rules.rules()).extracting(ProvisionRule::id).containsExactly("nenkin-benefits", "nenkin-mynumber",
                "nta-old", "tokyo-welfare", "tokyo-ordinance", "shibuya-from-chiyoda");

        ProvisionRule benefits = rules.byId("nenkin-benefits").orElseThrow();
        assertThat(benefits.provider()).isEqualTo(ProviderTier.NATIONAL);
        assertThat(benefits.article()).isEqualTo("30-9");
        assertThat(benefits.annexTable()).isEqualTo("1");
        assertThat(benefits.annexItem()).isEqualTo("91");
        assertThat(benefits.recipient()).isEqualTo("agency-nenkin");
        assertThat(benefits.task()).isEqualTo("厚生年金保険法による年金である保険給付の支給に関する事務");
        assertThat(benefits.fields()).containsExactly(IdentityField.NAME, IdentityField.NAME_KANA, IdentityField.ADDRESS,
                IdentityField.DATE_OF_BIRTH, IdentityField.SEX, IdentityField.RESIDENT_CODE,
                IdentityField.CHANGE_INFORMATION, IdentityField.STATUS);
        assertThat(benefits.allows(IdentityField.MY_NUMBER)).isFalse();
        assertThat(benefits.validFrom()).isEqualTo(LocalDate.of(2002, 8, 5));
        assertThat(benefits.validTo()).isNull();

        assertThat(rules.byId("nenkin-mynumber").orElseThrow().allows(IdentityField.MY_NUMBER)).isTrue();
        assertThat(rules.byId("nta-old").orElseThrow().inForceOn(LocalDate.of(2026, 11, 1))).isFalse();
        assertThat(rules.byId("tokyo-ordinance").orElseThrow().annexTable()).isNull();
        assertThat(rules.byId("tokyo-ordinance").orElseThrow().use()).isNull();
        assertThat(rules.byId("tokyo-welfare").orElseThrow().use()).isEqualTo(PrefectureUse.ANNEX_TASK);
        assertThat(rules.byId("shibuya-from-chiyoda").orElseThrow().provider()).isEqualTo(ProviderTier.MUNICIPALITY);
        assertThat(rules.inForceFor("agency-nenkin", LocalDate.of(2026, 11, 20))).hasSize(2);
    }

    @Test
    void loadsFromAPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "{\"rules\": [], \"version\": \"empty\"}");
        assertThat(ProvisionRulesLoader.load(file).rules()).isEmpty();
        assertThatThrownBy(() -> ProvisionRulesLoader.load(dir.resolve("missing.json")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void leavesTheStreamOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("{\"version\": \"v\", \"rules\": []}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ProvisionRulesLoader.load(in);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void refusesMalformedJsonNamingTheLine() {
        assertFailure("""
                {
                  "version": "2026-11-01",
                  "rules": [
                    {
                      "id": "nenkin-benefits"
                      "provider": "NATIONAL"
                    }
                  ]
                }
                """, 6, "malformed JSON");
    }

    @Test
    void refusesAnUnknownFieldInsideARule() {
        assertFailure("""
                {
                  "version": "2026-11-01",
                  "rules": [
                    {
                      "id": "nenkin-benefits",
                      "provider": "NATIONAL",
                      "article": "30-9",
                      "annexTable": "1",
                      "recipient": "agency-nenkin",
                      "task": "年金給付",
                      "field": ["NAME"],
                      "validFrom": "2026-11-01"
                    }
                  ]
                }
                """, 11, "rule 'nenkin-benefits': unknown field 'field'");
    }

    @Test
    void refusesAnUnknownIdentityField() {
        assertFailure("""
                {
                  "version": "2026-11-01",
                  "rules": [
                    {
                      "id": "nenkin-benefits",
                      "provider": "NATIONAL",
                      "article": "30-9",
                      "annexTable": "1",
                      "recipient": "agency-nenkin",
                      "task": "年金給付",
                      "fields": [
                        "NAME",
                        "BLOOD_TYPE"
                      ],
                      "validFrom": "2026-11-01"
                    }
                  ]
                }
                """, 13, "rule 'nenkin-benefits': unknown identity field 'BLOOD_TYPE'");
    }

    @Test
    void refusesADuplicateRuleId() {
        assertFailure("""
                {
                  "version": "2026-11-01",
                  "rules": [
                    {"id": "nenkin-benefits", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                     "recipient": "agency-nenkin", "task": "年金給付", "fields": ["NAME"], "validFrom": "2026-11-01"},
                    {"id": "nta", "provider": "NATIONAL", "article": "30-10", "annexTable": "2",
                     "recipient": "agency-nta", "task": "国税", "fields": ["NAME"], "validFrom": "2026-11-01", "scope": {"recipientPrefecture": "13", "notifiedBy": "RECIPIENT_PREFECTURE"}},
                    {
                      "id": "nenkin-benefits", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                      "recipient": "agency-nenkin", "task": "年金給付", "fields": ["NAME"], "validFrom": "2026-11-01"
                    }
                  ]
                }
                """, 9, "rule 'nenkin-benefits': duplicate id, already used by the rule at line 4");
    }

    @Test
    void refusesValidToBeforeValidFrom() {
        ProvisionRulesException e = assertFailure("""
                {
                  "version": "2026-11-01",
                  "rules": [
                    {
                      "id": "nenkin-benefits",
                      "provider": "NATIONAL",
                      "article": "30-9",
                      "annexTable": "1",
                      "recipient": "agency-nenkin",
                      "task": "年金給付",
                      "fields": ["NAME"],
                      "validFrom": "2026-11-01",
                      "validTo": "2026-10-31"
                    }
                  ]
                }
                """, 13, "rule 'nenkin-benefits': validTo (2026-10-31) is before validFrom (2026-11-01)");
        assertThat(e.column()).isEqualTo(18);
        assertThat(e.getMessage()).isEqualTo("rules file line 13, column 18: rule 'nenkin-benefits': "
                + "validTo (2026-10-31) is before validFrom (2026-11-01)");
    }

    @Test
    void refusesAMissingRequiredFieldNamingTheRulesOpeningLine() {
        assertFailure("""
                {
                  "version": "2026-11-01",
                  "rules": [
                    {"id": "nta", "provider": "NATIONAL", "article": "30-10", "annexTable": "2",
                     "recipient": "agency-nta", "task": "国税", "fields": ["NAME"], "validFrom": "2026-11-01", "scope": {"recipientPrefecture": "13", "notifiedBy": "RECIPIENT_PREFECTURE"}},
                    {
                      "id": "nenkin-benefits",
                      "provider": "NATIONAL",
                      "article": "30-9",
                      "annexTable": "1",
                      "recipient": "agency-nenkin",
                      "fields": ["NAME"],
                      "validFrom": "2026-11-01"
                    }
                  ]
                }
                """, 6, "rule 'nenkin-benefits': task is required");
    }

    @Test
    void namesTheRuleByPositionWhenItsIdIsMissing() {
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "nta", "provider": "NATIONAL", "article": "30-10", "annexTable": "2",
                   "recipient": "agency-nta", "task": "国税", "fields": ["NAME"], "validFrom": "2026-11-01", "scope": {"recipientPrefecture": "13", "notifiedBy": "RECIPIENT_PREFECTURE"}},
                  {"provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01"}
                ]}
                """, 4, "rule 2: id is required");
    }

    @Test
    void refusesAnUnknownProvider() {
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r",
                   "provider": "CITY",
                   "article": "30-9", "annexTable": "1", "recipient": "agency-nenkin", "task": "年金",
                   "fields": ["NAME"], "validFrom": "2026-11-01"}
                ]}
                """, 3, "rule 'r': unknown provider 'CITY'");
    }

    @Test
    void refusesAMalformedDate() {
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"],
                   "validFrom": "2026-02-30"}
                ]}
                """, 4, "rule 'r': 'validFrom' must be a date as yyyy-mm-dd");
    }

    @Test
    void refusesARepeatedFieldInsideARule() {
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "id": "s"}
                ]}
                """, 4, "Duplicate");
    }

    @Test
    void refusesAWronglyTypedValue() {
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "NATIONAL", "article": "30-9", "annexTable": 1,
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01"}
                ]}
                """, 2, "rule 'r': 'annexTable' must be a string");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": "NAME", "validFrom": "2026-11-01"}
                ]}
                """, 3, "rule 'r': 'fields' must be an array");
    }

    @Test
    void aPrefecturesOwnUseMustNameItsItemAndTheFailureNamesTheField() {
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "PREFECTURE", "article": "30-15(1)", "annexTable": null,
                   "recipient": "agency-pref13-toukei", "task": "統計", "fields": ["SEX"], "validFrom": "2026-11-01"}
                ]}
                """, 2, "rule 'r': a rule of article 30-15(1) must say which item");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "PREFECTURE", "article": "30-15(1)", "annexTable": null,
                   "use": "STATS",
                   "recipient": "agency-pref13-toukei", "task": "統計", "fields": ["SEX"], "validFrom": "2026-11-01"}
                ]}
                """, 3, "rule 'r': unknown use 'STATS' (allowed: [ANNEX_TASK, ORDINANCE_TASK, CONSENTED_TASK, STATISTICS])");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "PREFECTURE", "article": "30-15(2)", "annexTable": "6",
                   "use": "CONSENTED_TASK",
                   "recipient": "agency-pref13-kyoiku", "task": "就学", "fields": ["NAME"], "validFrom": "2026-11-01"}
                ]}
                """, 3, "rule 'r': use is only for a PREFECTURE rule of article 30-15(1)");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "PREFECTURE", "article": "30-15(1)",
                   "annexTable": "5", "use": "STATISTICS",
                   "recipient": "agency-pref13-toukei", "task": "統計", "fields": ["SEX"], "validFrom": "2026-11-01"}
                ]}
                """, 3, "rule 'r': use STATISTICS (item 4) is not an annex task, so it has no annexTable");
    }

    @Test
    void refusesARuleBreakingTheProvisionRuleContractAtTheOffendingValue() {
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "PREFECTURE", "article": "30-15(2)",
                   "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01"}
                ]}
                """, 3, "rule 'r': annexTable 1 does not belong to provider PREFECTURE");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金",
                   "fields": [], "validFrom": "2026-11-01"}
                ]}
                """, 4, "rule 'r': fields must name at least one identity field");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "r", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金",
                   "fields": ["NAME", "SEX", "NAME"], "validFrom": "2026-11-01"}
                ]}
                """, 4, "rule 'r': identity field NAME is listed twice");
    }

    @Test
    void refusesAMissingVersionOrRuleList() {
        assertFailure("""

                {"rules": []}
                """, 2, "'version' is required");
        assertFailure("""
                {"version": "2026-11-01",
                 "rules": {"id": "r"}}
                """, 2, "'rules' must be an array");
        assertFailure("""
                {"version": "2026-11-01"}
                """, 1, "'rules' is required");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  "nenkin"
                ]}
                """, 2, "rule 1: expected a rule object");
    }

    @Test
    void refusesAnEmptyFileOrTrailingContent() {
        assertFailure("", 1, "the file is empty");
        assertFailure("""
                {"version": "2026-11-01", "rules": []}
                {"version": "2026-12-01", "rules": []}
                """, 2, "unexpected content after the rules object");
        assertFailure("[]", 1, "expected an object");
    }

    @Test
    void refusesTextInABrokenEncodingAsContentNotAsAnUnreadableStream() {
        // four bytes Jackson takes for UTF-32, then a character beyond U+10FFFF: found by
        // ProvisionFuzzTest.provisionRules, which got the CharConversionException itself
        byte[] content = {0, 0, 0, '{', ' ', '"', 'v', 0};
        assertThatThrownBy(() -> ProvisionRulesLoader.load(new ByteArrayInputStream(content)))
                .isInstanceOf(ProvisionRulesException.class).hasMessageStartingWith("rules file line 1, column ")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void acceptsUnknownTopLevelFields() throws IOException {
        ProvisionRules rules = load("""
                {"$schema": "https://example.org/rules.schema.json",
                 "version": "2026-11-01",
                 "notes": {"author": "J-LIS", "changes": ["added r"]},
                 "rules": [
                   {"id": "r", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                    "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01"}
                 ],
                 "signature": null}
                """);
        assertThat(rules.rules()).hasSize(1);
    }

    @Test
    void readsAScopeAndRefusesABadOneNamingItsMember() throws IOException {
        ProvisionRules rules = load("""
                {"version": "2026-11-01", "rules": [
                  {"id": "k", "provider": "NATIONAL", "article": "30-10(1)(1)", "annexTable": "2", "annexItem": "1",
                   "recipient": "agency-lg131016-kokuho", "task": "国保", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "scope": {"recipientPrefecture": "13", "notifiedBy": "RECIPIENT_PREFECTURE"}}
                ]}
                """);
        assertThat(rules.rules().get(0).scope()).isEqualTo(new ProvisionScope(jp.jukinet.model.code.PrefectureCode.of("13"),
                ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE));
        // 30-10 needs a scope: the refusal points at the rule
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "k", "provider": "NATIONAL", "article": "30-10(1)(1)", "annexTable": "2",
                   "recipient": "agency-lg131016-kokuho", "task": "国保", "fields": ["NAME"], "validFrom": "2026-11-01"}
                ]}
                """, 2, "rule 'k': article 30-10(1)(1) needs a scope");
        // 30-12 serves persons of other prefectures: the relation is named and pointed at
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "k", "provider": "NATIONAL", "article": "30-12(1)(1)", "annexTable": "4",
                   "recipient": "agency-lg271004-kaigo", "task": "介護", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "scope": {"recipientPrefecture": "27",
                             "notifiedBy": "RECIPIENT_PREFECTURE"}}
                ]}
                """, 5, "notifiedBy must be OTHER_PREFECTURE");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "k", "provider": "NATIONAL", "article": "30-11(1)(1)", "annexTable": "3",
                   "recipient": "agency-pref27-kyoiku", "task": "教育", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "scope": {"recipientPrefecture": "48", "notifiedBy": "OTHER_PREFECTURE"}}
                ]}
                """, 4, "'scope.recipientPrefecture' must be a prefecture code 01 to 47, got '48'");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "k", "provider": "NATIONAL", "article": "30-11(1)(1)", "annexTable": "3",
                   "recipient": "agency-pref27-kyoiku", "task": "教育", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "scope": {"recipientPrefecture": "27", "notifiedBy": "ANYONE"}}
                ]}
                """, 4, "unknown 'scope.notifiedBy' 'ANYONE'");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "k", "provider": "NATIONAL", "article": "30-11(1)(1)", "annexTable": "3",
                   "recipient": "agency-pref27-kyoiku", "task": "教育", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "scope": {"notifiedBy": "OTHER_PREFECTURE"}}
                ]}
                """, 4, "scope.recipientPrefecture is required");
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "k", "provider": "NATIONAL", "article": "30-11(1)(1)", "annexTable": "3",
                   "recipient": "agency-pref27-kyoiku", "task": "教育", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "scope": {"recipientPrefecture": "27", "notifiedBy": "OTHER_PREFECTURE", "prefecture": "13"}}
                ]}
                """, 4, "unknown field 'scope.prefecture'");
        // a nationwide rule (30-9) has no 通知都道府県 scope
        assertFailure("""
                {"version": "2026-11-01", "rules": [
                  {"id": "n", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "scope": {"recipientPrefecture": "13", "notifiedBy": "OTHER_PREFECTURE"}}
                ]}
                """, 4, "a scope (通知都道府県) belongs to articles 30-10 to 30-12 only");
    }

    @Test
    void readsASubscriptionAllowanceAndRefusesABadOneNamingItsMember() throws IOException {
        ProvisionRules rules = load("""
                {"version": "2026-12-01", "rules": [
                  {"id": "n", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "subscriptions": {"modes": ["SURVIVAL", "EVERY_CHANGE", "MILESTONE_AGE"], "targets": ["LISTED"],
                                     "milestoneAges": [20, 34]}},
                  {"id": "m", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-moj", "task": "試験", "fields": ["NAME"], "validFrom": "2026-11-01"}
                ]}
                """);
        SubscriptionAllowance allowance = rules.rules().get(0).subscriptions();
        assertThat(allowance.modes()).containsExactly(jp.jukinet.model.subscription.SubscriptionMode.EVERY_CHANGE,
                jp.jukinet.model.subscription.SubscriptionMode.SURVIVAL,
                jp.jukinet.model.subscription.SubscriptionMode.MILESTONE_AGE);
        assertThat(allowance.allows(jp.jukinet.model.subscription.TargetKind.LISTED)).isTrue();
        assertThat(allowance.allows(jp.jukinet.model.subscription.TargetKind.CRITERION)).isFalse();
        assertThat(allowance.milestoneAges()).containsExactly(20, 34);
        // absent: the rule allows lookups only
        assertThat(rules.rules().get(1).subscriptions()).isNull();
        assertThat(rules.rules().get(1).allowsSubscriptions()).isFalse();

        assertFailure("""
                {"version": "2026-12-01", "rules": [
                  {"id": "n", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "subscriptions": {"modes": ["WHENEVER"], "targets": ["LISTED"]}}
                ]}
                """, 4, "unknown 'subscriptions.modes' value 'WHENEVER'");
        assertFailure("""
                {"version": "2026-12-01", "rules": [
                  {"id": "n", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "subscriptions": {"modes": ["SURVIVAL"],
                                     "targets": []}}
                ]}
                """, 5, "subscriptions.targets must name at least one target kind");
        assertFailure("""
                {"version": "2026-12-01", "rules": [
                  {"id": "n", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "subscriptions": {"modes": ["MILESTONE_AGE"], "targets": ["CRITERION"]}}
                ]}
                """, 4, "milestoneAges are named by, and only by, a rule that allows MILESTONE_AGE");
        assertFailure("""
                {"version": "2026-12-01", "rules": [
                  {"id": "n", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
                   "recipient": "agency-nenkin", "task": "年金", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "subscriptions": {"modes": ["SURVIVAL"], "targets": ["LISTED"], "channel": "fax"}}
                ]}
                """, 4, "unknown field 'subscriptions.channel'");
        // J-LIS writes the feeds: a prefecture's rule allows none
        assertFailure("""
                {"version": "2026-12-01", "rules": [
                  {"id": "p", "provider": "PREFECTURE", "article": "30-15(2)", "annexTable": "6",
                   "recipient": "agency-pref13-kyoiku", "task": "教育", "fields": ["NAME"], "validFrom": "2026-11-01",
                   "subscriptions": {"modes": ["SURVIVAL"], "targets": ["LISTED"]}}
                ]}
                """, 4, "only a NATIONAL rule allows subscriptions");
    }

    private static ProvisionRules load(String json) throws IOException {
        return ProvisionRulesLoader.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ProvisionRulesException assertFailure(String json, int line, String messagePart) {
        try {
            load(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProvisionRulesException e) {
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.getMessage()).startsWith("rules file line " + line + ", column ").contains(messagePart);
            return e;
        }
        throw new AssertionError("expected the rules file to be refused");
    }
}
