package jp.jukinet.web;

import java.util.Map;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page of the window and the portal sends: no script, style or frame from anywhere but the
 * application itself (Content-Security-Policy without {@code unsafe-inline}, so text a record holds cannot
 * run as script), no framing by another site, no referrer; and error pages of the application's own.
 */
public final class PageSecurity {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private PageSecurity() {
    }

    public static Customizer<HeadersConfigurer<HttpSecurity>> headers() {
        return headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
    }

    /**
     * Error pages rendered by {@code view} with the status: the window and the portal share a class path in the
     * local cluster, where Boot's default ({@code templates/error…}) would be one page for both.
     */
    public static ErrorViewResolver errorPages(String view) {
        return (request, status, model) -> new ModelAndView(view, Map.of("status", status.value()), status);
    }
}
