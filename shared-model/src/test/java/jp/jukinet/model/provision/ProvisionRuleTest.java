package jp.jukinet.model.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.IdentityField;

class ProvisionRuleTest {

    static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    static final LocalDate TO = LocalDate.of(2027, 3, 31);

    static ProvisionRule rule(String id, ProviderTier provider, String article, String table, String item,
                              Set<IdentityField> fields, LocalDate from, LocalDate to) {
        return new ProvisionRule(id, provider, article, table, item, "agency-nenkin", "年金給付の支給に関する事務",
                fields, from, to);
    }

    static ProvisionRule national(LocalDate from, LocalDate to) {
        return rule("nenkin-benefits", ProviderTier.NATIONAL, "30-9", "1", "91",
                EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS), from, to);
    }

    @Test
    void isInForceFromValidFromToValidToInclusive() {
        ProvisionRule rule = national(FROM, TO);
        assertThat(rule.inForceOn(FROM.minusDays(1))).isFalse();
        assertThat(rule.inForceOn(FROM)).isTrue();
        assertThat(rule.inForceOn(LocalDate.of(2027, 1, 1))).isTrue();
        assertThat(rule.inForceOn(TO)).isTrue();
        assertThat(rule.inForceOn(TO.plusDays(1))).isFalse();
    }

    @Test
    void anOpenEndedRuleStaysInForce() {
        ProvisionRule rule = national(FROM, null);
        assertThat(rule.inForceOn(FROM.minusDays(1))).isFalse();
        assertThat(rule.inForceOn(FROM)).isTrue();
        assertThat(rule.inForceOn(LocalDate.of(2176, 12, 31))).isTrue();
    }

    @Test
    void aOneDayRuleIsInForceOnThatDayOnly() {
        ProvisionRule rule = national(FROM, FROM);
        assertThat(rule.inForceOn(FROM)).isTrue();
        assertThat(rule.inForceOn(FROM.plusDays(1))).isFalse();
    }

    @Test
    void allowsOnlyItsFields() {
        ProvisionRule rule = national(FROM, null);
        assertThat(rule.allows(IdentityField.NAME)).isTrue();
        assertThat(rule.allows(IdentityField.ADDRESS)).isTrue();
        assertThat(rule.allows(IdentityField.MY_NUMBER)).isFalse();
        assertThat(rule.allows(IdentityField.RESIDENT_CODE)).isFalse();
    }

    @Test
    void keepsFieldsAsAnImmutableCopyInDeclarationOrder() {
        Set<IdentityField> given = new LinkedHashSet<>(List.of(IdentityField.SEX, IdentityField.NAME, IdentityField.MY_NUMBER));
        ProvisionRule rule = rule("r", ProviderTier.NATIONAL, "30-9", "1", null, given, FROM, null);
        given.clear();
        assertThat(rule.fields()).containsExactly(IdentityField.NAME, IdentityField.SEX, IdentityField.MY_NUMBER);
        assertThatThrownBy(() -> rule.fields().add(IdentityField.ADDRESS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void acceptsEachProviderWithItsOwnAnnexTables() {
        Set<IdentityField> name = EnumSet.of(IdentityField.NAME);
        for (String table : List.of("1", "2", "3", "4")) {
            assertThat(rule("n" + table, ProviderTier.NATIONAL, "30-9", table, null, name, FROM, null).annexTable())
                    .isEqualTo(table);
        }
        assertThat(new ProvisionRule("p5", ProviderTier.PREFECTURE, "30-15(1)", "5", "3の2", "agency-pref13-x", "事務",
                name, FROM, null, PrefectureUse.ANNEX_TASK).annexItem()).isEqualTo("3の2");
        assertThat(rule("p6", ProviderTier.PREFECTURE, "30-15(2)", "6", null, name, FROM, null).annexTable()).isEqualTo("6");
        assertThat(rule("po", ProviderTier.PREFECTURE, "30-15(2)", null, null, name, FROM, null).annexTable()).isNull();
        assertThat(rule("m", ProviderTier.MUNICIPALITY, "30-14", null, null, name, FROM, null).provider())
                .isEqualTo(ProviderTier.MUNICIPALITY);
    }

    @Test
    void aPrefecturesOwnUseNamesItsItemOfArticle30Dash15Paragraph1() {
        Set<IdentityField> name = EnumSet.of(IdentityField.NAME);
        assertThat(use("30-15(1)", null, PrefectureUse.STATISTICS).use()).isEqualTo(PrefectureUse.STATISTICS);
        assertThat(use("30-15(1)", null, PrefectureUse.CONSENTED_TASK).use()).isEqualTo(PrefectureUse.CONSENTED_TASK);
        assertThat(use("30-15(1)", null, PrefectureUse.ORDINANCE_TASK).use()).isEqualTo(PrefectureUse.ORDINANCE_TASK);
        assertThat(PrefectureUse.CONSENTED_TASK.item()).isEqualTo(3);
        // the item is required on 30-15(1), and only there
        assertField(() -> use("30-15(1)", "5", null), "use");
        assertField(() -> use("30-15(2)", "6", PrefectureUse.ANNEX_TASK), "use");
        assertField(() -> new ProvisionRule("r", ProviderTier.NATIONAL, "30-9", "1", null, "agency-nenkin", "事務", name,
                FROM, null, PrefectureUse.STATISTICS), "use");
        // item 1 is a task of 別表第5; the other items are not annex tasks; 30-15(2) is 別表第6 or an ordinance
        assertField(() -> use("30-15(1)", null, PrefectureUse.ANNEX_TASK), "annexTable");
        assertField(() -> use("30-15(1)", "6", PrefectureUse.ANNEX_TASK), "annexTable");
        assertField(() -> use("30-15(1)", "5", PrefectureUse.STATISTICS), "annexTable");
        assertField(() -> use("30-15(2)", "5", null), "annexTable");
    }

    private static ProvisionRule use(String article, String table, PrefectureUse use) {
        return new ProvisionRule("r", ProviderTier.PREFECTURE, article, table, null, "agency-pref13-x", "事務",
                EnumSet.of(IdentityField.NAME), FROM, null, use);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Nenkin", "nenkin_benefits", "nenkin benefits", "年金"})
    void refusesIdsOutsideLowerCaseDigitsAndHyphen(String id) {
        assertField(() -> rule(id, ProviderTier.NATIONAL, "30-9", "1", null, EnumSet.of(IdentityField.NAME), FROM, null), "id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30-9-", "art 30-9", "30-15(", "30-15()", "30.9", "-9"})
    void refusesMalformedArticles(String article) {
        assertField(() -> rule("r", ProviderTier.NATIONAL, article, "1", null, EnumSet.of(IdentityField.NAME), FROM, null),
                "article");
    }

    @Test
    void refusesAnArticleTooLongToBeOneBeforeMatchingIt() {
        // "30-1-1-…" of 5,000 characters overflowed the stack inside the pattern's repeated group
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30" + "-1".repeat(2500), "1", null,
                EnumSet.of(IdentityField.NAME), FROM, null), "article");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30" + "(1)".repeat(2000), "1", null,
                EnumSet.of(IdentityField.NAME), FROM, null), "article");
    }

    @Test
    void refusesAnnexTablesThatDoNotBelongToTheProvider() {
        Set<IdentityField> name = EnumSet.of(IdentityField.NAME);
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", "5", null, name, FROM, null), "annexTable");
        assertField(() -> rule("r", ProviderTier.PREFECTURE, "30-15(2)", "1", null, name, FROM, null), "annexTable");
        assertField(() -> rule("r", ProviderTier.MUNICIPALITY, "30-14", "1", null, name, FROM, null), "annexTable");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", "7", null, name, FROM, null), "annexTable");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", "01", null, name, FROM, null), "annexTable");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", null, "91", name, FROM, null), "annexItem");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", "1", " ", name, FROM, null), "annexItem");
    }

    @Test
    void refusesMissingOrEmptyParts() {
        Set<IdentityField> name = EnumSet.of(IdentityField.NAME);
        assertField(() -> rule(null, ProviderTier.NATIONAL, "30-9", "1", null, name, FROM, null), "id");
        assertField(() -> rule("r", null, "30-9", "1", null, name, FROM, null), "provider");
        assertField(() -> rule("r", ProviderTier.NATIONAL, null, "1", null, name, FROM, null), "article");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", "1", null, null, FROM, null), "fields");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", "1", null, EnumSet.noneOf(IdentityField.class), FROM,
                null), "fields");
        assertField(() -> rule("r", ProviderTier.NATIONAL, "30-9", "1", null, name, null, null), "validFrom");
        assertField(() -> new ProvisionRule("r", ProviderTier.NATIONAL, "30-9", "1", null, null, "task", name, FROM, null),
                "recipient");
        assertField(() -> new ProvisionRule("r", ProviderTier.NATIONAL, "30-9", "1", null, "Agency", "task", name, FROM,
                null), "recipient");
        assertField(() -> new ProvisionRule("r", ProviderTier.NATIONAL, "30-9", "1", null, "agency", " ", name, FROM,
                null), "task");
        assertField(() -> new ProvisionRule("r", ProviderTier.NATIONAL, "30-9", "1", null, "agency", "a\u0000b", name,
                FROM, null), "task");
    }

    @Test
    void refusesValidToBeforeValidFrom() {
        assertThatThrownBy(() -> national(FROM, FROM.minusDays(1)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("validTo");
                    assertThat(e.reason()).isEqualTo("validTo (2026-10-31) is before validFrom (2026-11-01)");
                });
    }

    @Test
    void aScopeCoversPersonsNotifiedByTheRecipientsPrefectureOrByOthersAsItsArticleSays() {
        jp.jukinet.model.code.PrefectureCode tokyo = jp.jukinet.model.code.PrefectureCode.of("13");
        jp.jukinet.model.code.PrefectureCode osaka = jp.jukinet.model.code.PrefectureCode.of("27");
        ProvisionScope inside = new ProvisionScope(tokyo, ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE);
        ProvisionScope others = new ProvisionScope(tokyo, ProvisionScope.NotifiedBy.OTHER_PREFECTURE);
        assertThat(inside.covers(tokyo)).isTrue();
        assertThat(inside.covers(osaka)).isFalse();
        assertThat(others.covers(tokyo)).isFalse();
        assertThat(others.covers(osaka)).isTrue();
        Set<IdentityField> name = EnumSet.of(IdentityField.NAME);
        assertThat(new ProvisionRule("k", ProviderTier.NATIONAL, "30-10(1)(3)", null, null, "agency-lg131016-juki", "住基",
                name, FROM, null, inside).scope()).isEqualTo(inside);
        assertField(() -> new ProvisionRule("k", ProviderTier.NATIONAL, "30-10(1)(3)", null, null, "agency-lg131016-juki",
                "住基", name, FROM, null, others), "scope.notifiedBy");
        assertField(() -> new ProvisionRule("k", ProviderTier.NATIONAL, "30-11(1)(2)", null, null, "agency-pref27-x",
                "条例", name, FROM, null), "scope");
        assertField(() -> new ProvisionRule("k", ProviderTier.MUNICIPALITY, "30-14", null, null, "agency-lg131130-juki",
                "条例", name, FROM, null, inside), "scope");
        assertField(() -> new ProvisionScope(null, ProvisionScope.NotifiedBy.OTHER_PREFECTURE), "scope.recipientPrefecture");
        assertField(() -> new ProvisionScope(tokyo, null), "scope.notifiedBy");
    }

    private static void assertField(Runnable construction, String field) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
