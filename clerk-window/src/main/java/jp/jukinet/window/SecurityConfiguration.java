package jp.jukinet.window;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may use the window: a clerk signed in with their own account (form sign-in, bcrypt hashes,
 * a lock after repeated failures), nobody else; the sign-in page and the static files are open.
 * Every form carries Spring Security's CSRF token. The pages allow no script, style or frame from
 * anywhere but the window itself (Content-Security-Policy), so text a resident's record holds cannot
 * run as script, and no other site can frame the window.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
            + "base-uri 'none'";

    @Bean
    SecurityFilterChain window(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/window/**", "/web/**", "/favicon.ico", "/error", "/actuator/health").permitAll()
                        .anyRequest().hasRole("CLERK"))
                .formLogin(form -> form.loginPage("/login").usernameParameter("loginId").passwordParameter("password")
                        .defaultSuccessUrl("/", true).failureUrl("/login?failed"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /**
     * Error pages of this application's own: the window and the portal share a class path in the local
     * cluster, where Boot's default ({@code templates/error…}) would be one page for both.
     */
    @Bean
    org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver errorPages() {
        return (request, status, model) -> new org.springframework.web.servlet.ModelAndView("window/error",
                java.util.Map.of("status", status.value()), status);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
