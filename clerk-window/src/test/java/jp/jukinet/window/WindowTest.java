package jp.jukinet.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jp.jukinet.testsupport.PostgresTestInitializer;
import jp.jukinet.testsupport.TestPki;
import jp.jukinet.window.account.ClerkAccounts;
import jp.jukinet.window.account.EnrolClerk;

/**
 * The window on its own, on a real PostgreSQL and a real HTTP port, with a gateway that does not
 * answer: who may sign in, what the pages protect, and what a form does before anything is sent.
 * The window with the network behind it is the browser tests' (local-cluster).
 */
@SpringBootTest(classes = WindowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=clerk-window", "spring.application.name=clerk_window_test",
                // this test's client is Java's, whose cookie store keeps a Secure cookie from plain http (browsers send
                // it to http://localhost; the browser tests sign in with the window's own settings)
                "server.servlet.session.cookie.secure=false"})
@ContextConfiguration(initializers = PostgresTestInitializer.class)
class WindowTest {

    private static final String PASSWORD = "counter-password-1";

    @LocalServerPort
    int port;

    @Autowired
    EnrolClerk enrol;

    @Autowired
    ClerkAccounts accounts;

    @BeforeAll
    static void certificates() {
        TestPki.certificate("clerk-131016");
    }

    @DynamicPropertySource
    static void window(DynamicPropertyRegistry registry) {
        // nothing listens there: a form that got past its checks would end on the "cannot reach the CS" page
        registry.add("jukinet.window.gateway", () -> "https://127.0.0.1:9");
        registry.add("jukinet.window.tls-directory", () -> TestPki.directory().toString());
        registry.add("jukinet.window.municipalities.131016", () -> "千代田区");
    }

    private WindowSession signedIn(String loginId) {
        enrol.enrol(loginId, PASSWORD, "131016", "窓口 太郎");
        WindowSession session = new WindowSession(port);
        HttpResponse<String> signIn = session.signIn(loginId, PASSWORD);
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/"));
        return session;
    }

    @Test
    void aPageAsksForSignInAndTheSignInPageIsJapaneseWhateverTheBrowserPrefers() {
        WindowSession session = new WindowSession(port);
        HttpResponse<String> home = session.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));

        HttpResponse<String> login = session.get("/login", Map.of("Accept-Language", "en-US,en;q=0.9"));
        assertThat(login.body()).contains("lang=\"ja\"").contains("サインイン");
        assertThat(session.get("/login?lang=en").body()).contains("lang=\"en\"").contains("Sign in");
        // the choice stays with the browser
        assertThat(session.get("/login").body()).contains("lang=\"en\"");
    }

    @Test
    void thePagesForbidScriptAndFramesFromElsewhere() {
        HttpResponse<String> login = new WindowSession(port).get("/login");
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValue(jp.jukinet.web.PageSecurity.CONTENT_SECURITY_POLICY);
    }

    @Test
    void theFifthWrongPasswordLocksTheAccountEvenAgainstTheRightOne() {
        enrol.enrol("suzuki", PASSWORD, "131016", "鈴木 一郎");
        WindowSession attacker = new WindowSession(port);
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> wrong = attacker.signIn("suzuki", "guess-" + attempt + "-password");
            assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                    .endsWith("/login?failed"));
        }
        HttpResponse<String> right = new WindowSession(port).signIn("suzuki", PASSWORD);
        assertThat(right.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/login?failed"));
        assertThat(accounts.findByLoginId("suzuki")).hasValueSatisfying(account ->
                assertThat(account.toString()).doesNotContain(PASSWORD));
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        WindowSession session = signedIn("sato");
        session.get("/todoke/shussei");
        HttpResponse<String> forged = session.post("/todoke/shussei", Map.of("family", "山田"), false);
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void aWrongReadingComesBackBesideItsFieldWithEverythingTypedAndNothingSent() {
        WindowSession session = signedIn("takahashi");
        String page = session.get("/todoke/shussei").body();
        String key = page.replaceAll("(?s).*name=\"idempotencyKey\" value=\"([0-9a-f-]{36})\".*", "$1");
        Map<String, String> form = new HashMap<>(Map.of("idempotencyKey", key, "family", "山田", "given", "花子",
                "familyKana", "やまだ", "givenKana", "ハナコ", "dateOfBirth", "令和8年12月1日", "sex", "FEMALE",
                "address", "東京都千代田区千代田1-1", "effectiveDate", "2026-12-01"));

        HttpResponse<String> answer = session.post("/todoke/shussei", form);

        // 422 with the form again: had it been sent, the unreachable gateway would have made it 503
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("氏の振り仮名は全角カタカナで入力してください")
                .contains("value=\"やまだ\"").contains("value=\"東京都千代田区千代田1-1\"").contains(key)
                .contains("aria-invalid=\"true\"");

        form.put("familyKana", "ヤマダ");
        HttpResponse<String> sent = session.post("/todoke/shussei", form);
        assertThat(sent.statusCode()).as("checked, then sent to a gateway that does not answer").isEqualTo(503);
        assertThat(sent.body()).contains("CSに接続できません");
    }

    @Test
    void theCheckAsTheClerkTypesNamesOnlyThatFieldsProblem() {
        WindowSession session = signedIn("ito");
        session.get("/todoke/tenkyo");
        String valid = jp.jukinet.model.code.ResidentCode.random(new java.util.Random(3)).value();
        String wrongCheckDigit = valid.substring(0, 10) + (char) ('0' + (valid.charAt(10) - '0' + 1) % 10);
        HttpResponse<String> check = session.post("/todoke/tenkyo/check/residentCode",
                Map.of("residentCode", wrongCheckDigit, "address", ""));
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).contains("residentCode-problems").contains("住民票コードが正しくありません")
                .doesNotContain("住所を入力してください");
    }
}
