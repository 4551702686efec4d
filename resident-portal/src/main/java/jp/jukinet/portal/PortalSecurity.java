package jp.jukinet.portal;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import jp.jukinet.portal.enrolment.PortalRole;
import jp.jukinet.web.PageSecurity;

/**
 * Who may use the portal. A resident signs in with a passkey (WebAuthn), never a password; the passkey
 * was registered after their activation slip and their date of birth were checked
 * ({@code ENROLLING}, for that registration only). Signed in, they are a {@code RESIDENT}, and every
 * page acts as the one resident the passkey belongs to: no page takes a resident code from the
 * browser. Pages allow no script, style or frame from elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurity {

    @Bean
    SecurityFilterChain portal(HttpSecurity http, PortalSettings settings) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/signin", "/activate", "/portal/**", "/web/**", "/favicon.ico", "/error", "/actuator/health",
                                "/login/webauthn", "/webauthn/authenticate/options").permitAll()
                        .requestMatchers("/enrol", "/enrolled", "/webauthn/register/options", "/webauthn/register")
                        .hasRole(PortalRole.ENROLLING.name())
                        .anyRequest().hasRole(PortalRole.RESIDENT.name()))
                .webAuthn(webAuthn -> webAuthn.rpName("住基ネット 住民ポータル").rpId(settings.rpId())
                        .allowedOrigins(settings.originText()).disableDefaultRegistrationPage(true))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(
                        new LoginUrlAuthenticationEntryPoint("/signin")))
                .logout(logout -> logout.logoutUrl("/signout").logoutSuccessUrl("/signin?signedOut"))
                .headers(PageSecurity.headers())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        return http.build();
    }

    /** The passkeys' users: one per enrolled resident, named by the portal ({@code r-…}), never by the resident code. */
    @Bean
    PublicKeyCredentialUserEntityRepository userEntities(JdbcOperations jdbc) {
        return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
    }

    @Bean
    UserCredentialRepository userCredentials(JdbcOperations jdbc) {
        return new JdbcUserCredentialRepository(jdbc);
    }

    /** Where a session's sign-in is kept: the activation signs the resident in for the enrolment by hand. */
    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver errorPages() {
        return PageSecurity.errorPages("portal/error");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
