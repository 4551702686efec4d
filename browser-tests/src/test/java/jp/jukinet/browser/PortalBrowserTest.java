package jp.jukinet.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.http.MediaType;

import jp.jukinet.cluster.ClusterAccess;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupRequest;

/**
 * A resident at home, in Chromium with a passkey (Chrome's virtual authenticator), against the whole
 * local network: the slip from their municipality's window, the passkey, their identity information,
 * and the lookup an agency just made of them; and nothing of another resident, whatever the URL says.
 */
@ExtendWith(SharedNetwork.class)
class PortalBrowserTest {

    private final ClusterAccess network = SharedNetwork.network();

    /** The slip's link, as 千代田区's window prints it for {@code resident}. */
    private String slipLink(String resident) {
        try (Browser clerk = Browser.open()) {
            clerk.go(network.windowUrl() + "/login");
            clerk.type("loginId", network.clerkLogin("131016"));
            clerk.type("password", network.demoPassword());
            clerk.submit("form[action$='/login']");
            clerk.go(network.windowUrl() + "/residents/" + resident);
            clerk.submit("form[action$='/portal-slip']");
            assertThat(clerk.text()).contains("住民ポータル 利用登録用紙");
            clerk.assertAccessible("利用登録用紙");
            clerk.screenshot("window-portal-slip");
            return clerk.byId("slip-link").getAttribute("href");
        }
    }

    private static VirtualAuthenticator passkeyDevice(Browser browser) {
        return ((HasVirtualAuthenticator) browser.chrome()).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    }

    /**
     * A browser in which {@code resident} enrolled with the slip 千代田区's window printed, registering a
     * passkey on the browser's virtual authenticator: signed in, on their home page.
     */
    private Browser enrolled(String resident) {
        String link = slipLink(resident);
        Browser home = Browser.open();
        passkeyDevice(home);
        home.go(link);
        home.assertAccessible("利用登録");
        home.screenshot("portal-activate");
        home.type("dateOfBirth", bornOn(resident).toString());
        home.submit("form[action$='/activate']");
        assertThat(home.url()).endsWith("/enrol");
        home.assertAccessible("パスキーの登録");
        home.screenshot("portal-enrol");
        home.byId("passkey-enrol").click();
        await().atMost(Duration.ofSeconds(30)).until(() -> home.url().contains("enrolled"));
        home.waitForPage();
        assertThat(home.text()).contains("パスキーを登録しました").contains(resident);
        home.assertAccessible("わたしの本人確認情報");
        return home;
    }

    private LocalDate bornOn(String resident) {
        return network.database("national").sql("SELECT date_of_birth FROM residents WHERE resident_code = ?")
                .param(resident).query(LocalDate.class).single();
    }

    private void lookUp(String agency, String basis, String resident) {
        network.as(agency).post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                .body(JukiNetJson.mapper().writeValueAsBytes(new LookupRequest(basis, ResidentCode.of(resident), null, null)))
                .retrieve().toBodilessEntity();
    }

    @Test
    void aResidentEnrolsWithTheSlipSignsInWithTheirPasskeyAndSeesTheLookupAnAgencyJustMade() {
        String resident = network.sampleResident();
        String other = network.residentWithCertificate("131016", 1);
        try (Browser home = enrolled(resident)) {
            home.screenshot("portal-home");

            lookUp("agency-nenkin", "nenkin-30-9-same-address", resident);
            lookUp("agency-nta", "nta-30-9-refund-notice", other);

            home.go(network.portalUrl() + "/records");
            assertThat(home.text()).contains("日本年金機構").contains("国民年金等の被保険者等の同一住所者の確認")
                    .doesNotContain("国税庁");
            home.assertAccessible("提供状況");
            home.screenshot("portal-records");

            // whatever the URL names, the page is the signed-in resident's own
            home.go(network.portalUrl() + "/records?residentCode=" + other);
            assertThat(home.text()).contains("日本年金機構").doesNotContain("国税庁");
            home.go(network.portalUrl() + "/?residentCode=" + other);
            assertThat(home.text()).contains(resident).doesNotContain(other);

            // signed out, the passkey signs the resident in again
            home.submit("form[action$='/signout']");
            home.go(network.portalUrl() + "/records");
            assertThat(home.url()).endsWith("/signin");
            home.assertAccessible("サインイン");
            home.screenshot("portal-sign-in");
            home.byId("passkey-sign-in").click();
            await().atMost(Duration.ofSeconds(30)).until(() -> !home.url().contains("/signin"));
            home.waitForPage();
            // back to the page asked for before signing in, the resident's own
            assertThat(home.url()).contains("/records");
            assertThat(home.text()).contains("日本年金機構").doesNotContain("国税庁");
        }
    }

    @Test
    void aStrangerWithTheSlipButNotTheDateOfBirthGetsNothingAndUsesTheSlipUp() {
        String resident = network.residentWithCertificate("131016", 2);
        String link = slipLink(resident);
        LocalDate born = bornOn(resident);
        try (Browser stranger = Browser.open()) {
            for (int attempt = 1; attempt <= 5; attempt++) {
                stranger.go(link);
                stranger.type("dateOfBirth", born.plusDays(attempt).toString());
                stranger.submit("form[action$='/activate']");
                assertThat(stranger.text()).contains("利用登録用紙と生年月日が一致しません").doesNotContain(resident);
            }
            // the sixth try, even with the right date, finds the slip used up
            stranger.go(link);
            stranger.type("dateOfBirth", born.toString());
            stranger.submit("form[action$='/activate']");
            assertThat(stranger.text()).contains("使えなくなりました");
            stranger.go(network.portalUrl() + "/");
            assertThat(stranger.url()).endsWith("/signin");
            assertThat(stranger.find(By.tagName("main")).getText()).doesNotContain(resident);
        }
    }

    @Test
    void aResidentMovesOutOnlineAndTheirMunicipalityHoldsTheMove() {
        String resident = network.residentWithCertificate("131016", 3);
        try (Browser home = enrolled(resident)) {
            home.go(network.portalUrl() + "/move-out");
            home.assertAccessible("転出の届出");
            home.type("destinationMunicipality", "271004");
            home.type("destinationAddress", "大阪府大阪市北区中之島1-3-20");
            LocalDate planned = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).plusDays(3);
            home.type("plannedDate", jp.jukinet.web.JapaneseDates.japanese(planned));
            home.screenshot("portal-move-out");
            home.submit("form[action$='/move-out']");
            assertThat(home.text()).contains("転出の届出を受け付けました").contains("271004");
            home.assertAccessible("転出の届出を受け付けました");
            home.screenshot("portal-moved-out");
            // the page's move is the one 千代田区's CS holds: online, card-based, pending, for this resident only
            String moveId = home.byId("move-id").getText().strip();
            java.util.Map<String, Object> move = network.database("cs-131016").sql("""
                            SELECT resident_code, destination, planned_date, channel, card_based, state
                            FROM outgoing_moves WHERE move_id = CAST(? AS uuid)""").param(moveId).query().singleRow();
            assertThat(move).containsEntry("resident_code", resident).containsEntry("destination", "271004")
                    .containsEntry("planned_date", java.sql.Date.valueOf(planned)).containsEntry("channel", "ONLINE")
                    .containsEntry("card_based", true).containsEntry("state", "PENDING");

            // in English, the same pages
            home.go(network.portalUrl() + "/?lang=en");
            assertThat(home.find(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
            home.assertAccessible("home (English)");
            home.screenshot("portal-home-en");
            home.go(network.portalUrl() + "/records");
            assertThat(home.find(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
            home.assertAccessible("records (English)");
            home.screenshot("portal-records-en");
        }
    }
}
