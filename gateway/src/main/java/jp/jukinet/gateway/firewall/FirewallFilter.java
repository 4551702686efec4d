package jp.jukinet.gateway.firewall;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.gateway.transport.PlainHttpForDevelopment;
import jp.jukinet.model.security.CertificateIdentity;

/**
 * The firewall at the door of every zone crossing ({@code /api/**}, {@code /internal/**}):
 * <ol>
 *   <li>the caller is the common name of the client certificate the TLS handshake verified — a
 *       caller identity header from outside is thrown away;</li>
 *   <li>a route of the policy must allow this caller this request, else 403 (counted in
 *       {@code jukinet.gateway.denied} and logged without personal data);</li>
 *   <li>agencies are held to their request rate (429 with {@code Retry-After});</li>
 *   <li>a body larger than the route allows is refused before it is read (413);</li>
 *   <li>the request goes on with the verified identity in {@code X-JukiNet-Caller}.</li>
 * </ol>
 */
public class FirewallFilter extends OncePerRequestFilter {

    public static final String DECISION_ATTRIBUTE = FirewallFilter.class.getName() + ".decision";
    public static final String CALLER_HEADER = "X-JukiNet-Caller";

    private static final Logger log = LoggerFactory.getLogger(FirewallFilter.class);
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Firewall firewall;
    private final GatewayPolicy policy;
    private final MeterRegistry meters;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    public FirewallFilter(Firewall firewall, GatewayPolicy policy, MeterRegistry meters) {
        this.firewall = firewall;
        this.policy = policy;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/") || path.startsWith("/internal/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String caller = caller(request);
        if (caller == null) {
            deny(request, response, "(no certificate)", "no-certificate", "a client certificate of the network's CA is required");
            return;
        }
        Optional<Firewall.Decision> decision = firewall.decide(caller, request.getMethod(), request.getRequestURI());
        if (decision.isEmpty()) {
            deny(request, response, caller, "no-route", "no route of the gateway policy lets " + shown(caller)
                    + " make this request");
            return;
        }
        GatewayPolicy.Route route = decision.get().route();
        if (caller.startsWith(policy.rateLimits().appliesToPrefix()) && !limiter(caller).acquirePermission()) {
            meters.counter("jukinet.gateway.rate-limited", "route", route.id()).increment();
            response.setHeader("Retry-After", "1");
            problem(response, 429, "rate-limited", "Too many requests",
                    "the request rate allowed to " + shown(caller) + " is exceeded; retry after the time in Retry-After");
            return;
        }
        long max = route.maxBody().toBytes();
        if (request.getContentLengthLong() > max) {
            meters.counter("jukinet.gateway.too-large", "route", route.id()).increment();
            problem(response, 413, "too-large", "Request body too large",
                    "route " + route.id() + " accepts bodies of at most " + max + " bytes");
            return;
        }
        request.setAttribute(DECISION_ATTRIBUTE, decision.get());
        meters.counter("jukinet.gateway.forwarded", "route", route.id()).increment();
        chain.doFilter(new VerifiedRequest(request, caller, max), response);
    }

    private RateLimiter limiter(String caller) {
        return limiters.computeIfAbsent(caller, name -> RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(policy.rateLimits().limitFor(name))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build()));
    }

    private void deny(HttpServletRequest request, HttpServletResponse response, String caller, String reason,
                      String detail) throws IOException {
        meters.counter("jukinet.gateway.denied", "reason", reason).increment();
        // the path is not logged: it can carry a resident code
        log.warn("Denied {} request from {}: {}", request.getMethod(), shown(caller), reason);
        problem(response, 403, "forbidden", "Forbidden", detail);
    }

    private static String shown(String caller) {
        return CertificateIdentity.shown(caller);
    }

    private static void problem(HttpServletResponse response, int status, String slug, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"urn:jukinet:problem:" + slug + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }

    static String caller(HttpServletRequest request) {
        if (request.getAttribute(PlainHttpForDevelopment.CALLER_ATTRIBUTE) instanceof String named) {
            return named; // only under the development switch, where there are no certificates
        }
        return CertificateIdentity.of(request.getAttribute(CERTIFICATES)).orElse(null);
    }

    /** The request as it goes on: the caller header is the verified identity, the body is bounded. */
    private static final class VerifiedRequest extends HttpServletRequestWrapper {

        private final String caller;
        private final long maxBody;
        private ServletInputStream limited;

        VerifiedRequest(HttpServletRequest request, String caller, long maxBody) {
            super(request);
            this.caller = caller;
            this.maxBody = maxBody;
        }

        @Override
        public String getHeader(String name) {
            return CALLER_HEADER.equalsIgnoreCase(name) ? caller : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return CALLER_HEADER.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(caller))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            java.util.List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(CALLER_HEADER::equalsIgnoreCase);
            names.add(CALLER_HEADER);
            return Collections.enumeration(names);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedInputStream(super.getInputStream(), maxBody);
            }
            return limited;
        }
    }

    /** Stops reading a body without a Content-Length as soon as it passes the route's limit. */
    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long max;
        private long read;

        LimitedInputStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException("request body exceeds the route's limit of " + max + " bytes");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
