package jp.jukinet.service.rebuild;

import java.io.IOException;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * While a node is {@code REBUILDING} or {@code CHECKING} ({@link RebuildStatus}), every request to its
 * APIs ({@code /internal/**}: notices, numbering, the tier above's calls; {@code /api/**}: lookups) is
 * answered 503 problem+json with {@code Retry-After}: the senders' outboxes keep their notices and
 * send them again, numbering waits, a caller tries later. Nothing is answered from a register that
 * is only partly loaded. The actuator (health, the operator's {@code /actuator/rebuild}) stays
 * open. Runs after the peer identity check, so a stranger still gets 403, not a hint of the state.
 */
public final class RebuildGate {

    public static final String RETRY_AFTER_SECONDS = "5";

    private RebuildGate() {
    }

    /** @param detail the problem's detail: what is being rebuilt from what (no personal data) */
    public static FilterRegistrationBean<OncePerRequestFilter> filter(RebuildStatus state, String detail) {
        String body = "{\"type\":\"urn:jukinet:problem:unavailable\",\"title\":\"Service Unavailable\","
                + "\"status\":503,\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
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
                response.getWriter().write(body);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
