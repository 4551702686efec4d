package jp.jukinet.national.rebuild;

import java.io.IOException;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * While J-LIS is {@code REBUILDING} or {@code CHECKING} ({@link RebuildState}), every request to its APIs
 * ({@code /internal/**}: notices, numbering, move-out verifications; {@code /api/**}: lookups,
 * subscriptions, provision records) is answered 503 problem+json with {@code Retry-After}: the
 * prefectures' outboxes keep their notices and send them again, the CSs' numbering waits, an
 * agency tries later. Nothing is answered from a register that is only partly loaded. The
 * actuator (health, the operator's {@code /actuator/rebuild}) stays open. Runs after the peer
 * identity check, so a stranger still gets 403, not a hint of the state.
 */
@Configuration(proxyBeanMethods = false)
class RebuildGate {

    static final String RETRY_AFTER_SECONDS = "5";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> rebuildGateFilter(RebuildState state) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
                if (state.serving() || !(path.startsWith("/internal/") || path.startsWith("/api/"))) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
                response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("{\"type\":\"urn:jukinet:problem:unavailable\",\"title\":\"Service Unavailable\","
                        + "\"status\":503,\"detail\":\"the national server is being rebuilt from the prefecture servers "
                        + "(or checks whether it must be); retry later\"}");
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
