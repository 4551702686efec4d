package jp.jukinet.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import jp.jukinet.cluster.ClusterAccess;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.web.JapaneseDates;

/**
 * A clerk at the counter, in Chromium, against the whole local network: the 届出 of issue #16 through
 * the forms, and then what the CS, the prefecture and J-LIS hold. Every page the test opens is checked
 * with axe-core, and the main ones are saved as screenshots for the README.
 */
@ExtendWith(SharedNetwork.class)
class WindowBrowserTest {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final String CHIYODA = "131016";
    private static final String OSAKA = "271004";
    /** Residents of the seeded population taken by a test, so that no two tests move the same person. */
    private static final AtomicInteger TAKEN = new AtomicInteger();

    private final ClusterAccess network = SharedNetwork.network();

    private Browser clerkOf(String lg) {
        Browser browser = Browser.open();
        browser.go(network.windowUrl() + "/login");
        browser.assertAccessible("sign-in");
        browser.type("loginId", network.clerkLogin(lg));
        browser.type("password", network.demoPassword());
        browser.submit("form[action$='/login']");
        assertThat(browser.url()).endsWith("/");
        return browser;
    }

    /** A resident of {@code lg} in force, from the seeded population, not yet used by a test (nor the sample). */
    private String residentOf(String lg) {
        List<String> codes = network.database("cs-" + lg).sql("""
                        SELECT resident_code FROM residents WHERE status = 'ACTIVE' AND municipality = ?
                        ORDER BY resident_code LIMIT 1 OFFSET ?""").param(lg).param(10 + TAKEN.getAndIncrement())
                .query(String.class).list();
        assertThat(codes).isNotEmpty();
        return codes.get(0).trim();
    }

    /** Each tier holds the resident at {@code lg} with the same last change (the chain has delivered it). */
    private void awaitTiersAgree(String code, String lg) {
        String pref = "pref-" + lg.substring(0, 2);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Object> cs = row("cs-" + lg, code);
            assertThat(cs).as("the CS of " + lg).isNotNull();
            assertThat(row(pref, code)).as(pref).isEqualTo(cs);
            assertThat(row("national", code)).as("J-LIS").isEqualTo(cs);
        });
    }

    private Map<String, Object> row(String node, String code) {
        return network.database(node).sql("""
                        SELECT municipality, status, last_change_id::text AS last_change FROM residents WHERE resident_code = ?""")
                .param(code).query().listOfRows().stream().findFirst().orElse(null);
    }

    private static String daysAgo(int days) {
        return JapaneseDates.japanese(LocalDate.now(JAPAN).minusDays(days));
    }

    @Test
    void aBirthRegisteredThroughTheFormReachesEveryTier() {
        try (Browser clerk = clerkOf(CHIYODA)) {
            clerk.assertAccessible("home");
            clerk.screenshot("window-home");
            clerk.go(network.windowUrl() + "/todoke/shussei");
            clerk.assertAccessible("出生届");
            clerk.type("family", "窓口");
            clerk.type("given", "花子");
            clerk.type("familyKana", "マドグチ");
            clerk.type("givenKana", "ハナコ");
            clerk.type("dateOfBirth", daysAgo(2));
            clerk.choose("sex", "FEMALE");
            clerk.type("address", "東京都千代田区千代田1-1");
            clerk.type("effectiveDate", daysAgo(2));
            clerk.screenshot("window-birth-form");
            clerk.submit("form.todoke");

            assertThat(clerk.text()).contains("出生届を登録しました").contains("窓口 花子").contains("出生");
            String code = clerk.url().replaceAll(".*/residents/(\\d{11}).*", "$1");
            assertThat(ResidentCode.of(code).value()).isEqualTo(code);
            clerk.assertAccessible("住民票");
            clerk.screenshot("window-resident");
            awaitTiersAgree(code, CHIYODA);
        }
    }

    @Test
    void aCardBasedMoveFromChiyodaToOsakaThroughBothWindows() {
        String mover = residentOf(CHIYODA);
        try (Browser chiyoda = clerkOf(CHIYODA)) {
            chiyoda.go(network.windowUrl() + "/todoke/tenshutsu-tokurei?residentCode=" + mover);
            assertThat(chiyoda.byId("residentCode").getAttribute("value")).isEqualTo(mover);
            chiyoda.type("destinationMunicipality", OSAKA);
            chiyoda.type("destinationAddress", "大阪府大阪市北区中之島1-3-20");
            chiyoda.type("effectiveDate", JapaneseDates.japanese(LocalDate.now(JAPAN).plusDays(3)));
            chiyoda.submit("form.todoke");
            assertThat(chiyoda.text()).contains("転出届（特例転出）を登録しました").contains("除票");
        }
        try (Browser osaka = clerkOf(OSAKA)) {
            osaka.go(network.windowUrl() + "/moves");
            osaka.assertAccessible("転入・転出");
            // the 転出証明書情報 travels CS to CS: the destination lists it once it has arrived
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                osaka.go(network.windowUrl() + "/moves");
                assertThat(osaka.text()).contains(mover);
            });
            osaka.screenshot("window-moves");
            osaka.go(network.windowUrl() + "/todoke/tennyu-tokurei?residentCode=" + mover);
            osaka.find(By.id("cardPresented")).click();
            osaka.type("address", "大阪府大阪市北区中之島1-3-20");
            osaka.type("effectiveDate", daysAgo(0));
            osaka.submit("form.todoke");
            assertThat(osaka.text()).contains("転入届（特例転入）を登録しました").contains("大阪府大阪市北区中之島1-3-20");
        }
        awaitTiersAgree(mover, OSAKA);
    }

    @Test
    void anOrdinaryMoveWithItsPrintedCertificateEnteredAtTheDestination() {
        String mover = residentOf(CHIYODA);
        String block;
        try (Browser chiyoda = clerkOf(CHIYODA)) {
            chiyoda.go(network.windowUrl() + "/todoke/tenshutsu?residentCode=" + mover);
            chiyoda.type("destinationMunicipality", OSAKA);
            chiyoda.type("destinationAddress", "大阪府大阪市中央区大手前2-1-22");
            chiyoda.type("effectiveDate", JapaneseDates.japanese(LocalDate.now(JAPAN).plusDays(5)));
            chiyoda.submit("form.todoke");
            // the window prints the paper at once
            assertThat(chiyoda.url()).contains("/moves/").endsWith("/certificate");
            assertThat(chiyoda.text()).contains("転出証明書").contains("大阪府大阪市中央区大手前2-1-22");
            chiyoda.assertAccessible("転出証明書");
            chiyoda.screenshot("window-move-out-certificate");
            block = chiyoda.byId("certificate-block").getText();
        }
        // J-LIS must hold the removal before the destination can check the paper against it
        await().atMost(Duration.ofSeconds(60)).until(() -> "REMOVED".equals(row("national", mover).get("status")));
        try (Browser osaka = clerkOf(OSAKA)) {
            osaka.go(network.windowUrl() + "/todoke/tennyu");
            osaka.type("certificateBlock", block);
            osaka.type("effectiveDate", daysAgo(0));
            osaka.submit("form.todoke");
            assertThat(osaka.text()).contains("転入届（転出証明書）を登録しました").contains("大阪府大阪市中央区大手前2-1-22");
        }
        awaitTiersAgree(mover, OSAKA);
    }

    @Test
    void aWrongCheckDigitIsShownBesideItsFieldAndNothingTypedIsLost() {
        String code = residentOf(CHIYODA);
        Map<String, Object> before = row("cs-" + CHIYODA, code);
        String wrong = code.substring(0, 10) + (char) ('0' + (code.charAt(10) - '0' + 1) % 10);
        try (Browser clerk = clerkOf(CHIYODA)) {
            clerk.go(network.windowUrl() + "/todoke/tenkyo");
            clerk.type("residentCode", wrong);
            clerk.type("address", "東京都千代田区丸の内1-9-1");
            // the check as the clerk types: leaving the field shows its problem
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(clerk.byId("residentCode-problems").getText()).contains("住民票コードが正しくありません"));
            clerk.type("effectiveDate", daysAgo(1));
            clerk.submit("form.todoke");
            assertThat(clerk.byId("residentCode-problems").getText()).contains("住民票コードが正しくありません");
            assertThat(clerk.byId("residentCode").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(clerk.byId("residentCode").getAttribute("value")).isEqualTo(wrong);
            assertThat(clerk.byId("address").getAttribute("value")).isEqualTo("東京都千代田区丸の内1-9-1");
            clerk.assertAccessible("転居届 with a problem");
            clerk.screenshot("window-field-problem");
        }
        assertThat(row("cs-" + CHIYODA, code)).as("the person's record did not change").isEqualTo(before);
    }

    private void fillBirth(Browser clerk, String family, String given, String familyKana, String givenKana) {
        clerk.go(network.windowUrl() + "/todoke/shussei");
        clerk.type("family", family);
        clerk.type("given", given);
        clerk.type("familyKana", familyKana);
        clerk.type("givenKana", givenKana);
        clerk.type("dateOfBirth", daysAgo(1));
        clerk.choose("sex", "MALE");
        clerk.type("address", "東京都千代田区永田町1-7-1");
        clerk.type("effectiveDate", daysAgo(1));
    }

    private List<String> born(String family, String given) {
        return network.database("cs-" + CHIYODA).sql("""
                        SELECT resident_code FROM residents WHERE identity->'name'->>'family' = ?
                          AND identity->'name'->>'given' = ?""")
                .param(family).param(given).query(String.class).list();
    }

    @Test
    void aDoubleClickRegistersOneBirth() {
        try (Browser clerk = clerkOf(CHIYODA)) {
            fillBirth(clerk, "二重", "押下", "ニジュウ", "オウカ");
            org.openqa.selenium.WebElement page = clerk.find(By.tagName("html"));
            new org.openqa.selenium.interactions.Actions(clerk.driver())
                    .doubleClick(clerk.find(By.cssSelector("form.todoke button[type=submit]"))).perform();
            clerk.awaitReplaced(page);
            assertThat(clerk.text()).contains("出生届を登録しました");
        }
        assertThat(born("二重", "押下")).hasSize(1);
    }

    @Test
    void theSameFormSentTwiceAtOnceRegistersOneBirth() {
        try (Browser clerk = clerkOf(CHIYODA)) {
            fillBirth(clerk, "二重", "送信", "ニジュウ", "ソウシン");
            // what a browser without the page's script, or a flaky network retrying, would do: two requests
            // with the form's own Idempotency-Key and CSRF token, at the same moment
            @SuppressWarnings("unchecked")
            List<Long> statuses = (List<Long>) clerk.chrome().executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const form = document.querySelector('form.todoke');
                    const send = () => fetch(form.action, {method: 'POST', credentials: 'same-origin',
                        body: new URLSearchParams(new FormData(form))}).then(r => r.status);
                    Promise.all([send(), send()]).then(done, e => done([String(e)]));""");
            assertThat(statuses).containsExactly(200L, 200L);
        }
        assertThat(born("二重", "送信")).hasSize(1);
    }

    @Test
    void aClerkOfChiyodaCannotOpenAResidentOfOsaka() {
        String osakan = residentOf(OSAKA);
        String name = network.database("cs-" + OSAKA).sql("SELECT identity->'name'->>'family' FROM residents WHERE resident_code = ?")
                .param(osakan).query(String.class).single();
        try (Browser clerk = clerkOf(CHIYODA)) {
            clerk.go(network.windowUrl() + "/residents/" + osakan);
            assertThat(clerk.text()).contains("該当する住民は、この市区町村の住民基本台帳にありません").doesNotContain(name);
            clerk.go(network.windowUrl() + "/todoke/tenkyo?residentCode=" + osakan);
            clerk.type("address", "東京都千代田区千代田1-1");
            clerk.type("effectiveDate", daysAgo(0));
            clerk.submit("form.todoke");
            assertThat(clerk.text()).doesNotContain("を登録しました");
            clerk.assertAccessible("refused");
        }
        assertThat(row("cs-" + OSAKA, osakan).get("municipality")).isEqualTo(OSAKA);
    }

    /** Each 届出's form, the search, the moves, the copies: in Japanese and in English, accessible, photographed. */
    @Test
    void everyPageOfTheWindowInJapaneseAndInEnglish() {
        String resident = residentOf(CHIYODA);
        Map<String, Object> person = person(CHIYODA, resident);
        try (Browser clerk = clerkOf(CHIYODA)) {
            for (String slug : List.of("shussei", "tennyu", "tennyu-tokurei", "kokugai-tennyu", "tenkyo", "tenshutsu",
                    "tenshutsu-tokurei", "kokugai-tenshutsu", "shibo", "shimei", "shokken", "setai")) {
                clerk.go(network.windowUrl() + "/todoke/" + slug + "?residentCode=" + resident);
                assertThat(clerk.find(By.tagName("h1")).getText()).as(slug).isNotBlank();
                assertThat(clerk.find(By.cssSelector("form.todoke"))).isNotNull();
                clerk.assertAccessible("届出 " + slug);
                clerk.screenshot("window-todoke-" + slug);
            }

            // the search by name and date of birth, within the clerk's own municipality
            clerk.go(network.windowUrl() + "/residents");
            clerk.type("family", (String) person.get("family"));
            clerk.type("given", (String) person.get("given"));
            clerk.type("dateOfBirth", JapaneseDates.japanese((LocalDate) person.get("born")));
            clerk.submit("form:has(#dateOfBirth)");
            assertThat(clerk.text()).contains(resident);
            clerk.assertAccessible("住民検索");
            clerk.screenshot("window-search");

            clerk.go(network.windowUrl() + "/copies");
            clerk.assertAccessible("広域交付");
            clerk.screenshot("window-copies");

            clerk.go(network.windowUrl() + "/?lang=en");
            assertThat(clerk.find(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
            clerk.assertAccessible("home (English)");
            clerk.screenshot("window-home-en");
            clerk.go(network.windowUrl() + "/todoke/tenshutsu?residentCode=" + resident);
            assertThat(clerk.find(By.tagName("html")).getAttribute("lang")).as("the choice is kept").isEqualTo("en");
            clerk.assertAccessible("move-out form (English)");
            clerk.screenshot("window-move-out-form-en");
            clerk.go(network.windowUrl() + "/residents/" + resident);
            clerk.assertAccessible("resident (English)");
            clerk.screenshot("window-resident-en");
            clerk.go(network.windowUrl() + "/?lang=ja");
            assertThat(clerk.find(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        }
    }

    /** 広域交付: 大阪市's window issues the copy of a resident of 千代田区 who came in person; 千代田区 records it. */
    @Test
    void aCopyOfAChiyodaResidentIssuedAtOsakasWindowWithItsPrintView() {
        String resident = residentOf(CHIYODA);
        Map<String, Object> person = person(CHIYODA, resident);
        try (Browser osaka = clerkOf(OSAKA)) {
            osaka.go(network.windowUrl() + "/copies");
            osaka.type("holder", CHIYODA);
            osaka.type("residentCode", resident);
            osaka.type("requesterResidentCode", resident);
            osaka.type("requesterFamily", (String) person.get("family"));
            osaka.type("requesterGiven", (String) person.get("given"));
            osaka.type("requesterDateOfBirth", JapaneseDates.japanese((LocalDate) person.get("born")));
            osaka.choose("identityDocument", "MY_NUMBER_CARD");
            osaka.submit("form[action$='/copies']");
            assertThat(osaka.find(By.id("paper-title")).getText()).isEqualTo("住民票の写し（広域交付）");
            // the holder's record, without its resident code (not asked for among the items)
            assertThat(osaka.text()).contains(person.get("family") + " " + person.get("given"))
                    .contains(JapaneseDates.japanese((LocalDate) person.get("born"))).doesNotContain(resident);
            osaka.assertAccessible("住民票の写し");
            osaka.screenshot("window-copy-print");
        }
        // the holder's log and the issuer's log each hold the issue once
        assertThat(network.database("cs-" + CHIYODA).sql("""
                        SELECT count(*) FROM record_copy_log WHERE resident_code = ? AND role = 'HOLDER' AND outcome = 'ISSUED'""")
                .param(resident).query(Long.class).single()).isEqualTo(1);
        assertThat(network.database("cs-" + OSAKA).sql("""
                        SELECT count(*) FROM record_copy_log WHERE resident_code = ? AND role = 'ISSUER' AND outcome = 'ISSUED'""")
                .param(resident).query(Long.class).single()).isEqualTo(1);
    }

    /** The name and date of birth {@code lg}'s CS holds for {@code code}. */
    private Map<String, Object> person(String lg, String code) {
        return network.database("cs-" + lg).sql("""
                        SELECT identity->'name'->>'family' AS family, identity->'name'->>'given' AS given, date_of_birth AS born
                        FROM residents WHERE resident_code = ?""").param(code).query((rs, n) -> Map.<String, Object>of(
                        "family", rs.getString("family"), "given", rs.getString("given"),
                        "born", rs.getObject("born", LocalDate.class))).single();
    }
}
