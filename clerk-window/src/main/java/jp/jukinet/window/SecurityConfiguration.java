package jp.jukinet.window;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

import jp.jukinet.web.PageSecurity;

/**
 * Who may use the window: a clerk signed in with their own account (form sign-in, bcrypt hashes,
 * a lock after repeated failures), nobody else; the sign-in page and the static files are open.
 * Every form carries Spring Security's CSRF token. The pages allow no script, style or frame from
 * anywhere but the window itself (Content-Security-Policy), so text a resident's record holds cannot
 * run as script, and no other site can frame the window.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain window(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/window/**", "/web/**", "/favicon.ico", "/error", "/actuator/health").permitAll()
                        .anyRequest().hasRole("CLERK"))
                .formLogin(form -> form.loginPage("/login").usernameParameter("loginId").passwordParameter("password")
                        .defaultSuccessUrl("/", true).failureUrl("/login?failed"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .headers(PageSecurity.headers())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver errorPages() {
        return PageSecurity.errorPages("window/error");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
