package jp.jukinet.gateway.firewall;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.core.instrument.Counter;
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
 * The firewall at the door of the gateway:
 * <ol>
 *   <li>the caller is the common name of the client certificate the TLS handshake verified — a
 *       caller identity header from outside is thrown away; a certificate the CA has revoked
 *       ({@link RevocationList}) is refused on every path (403 {@code urn:jukinet:problem:revoked});</li>
 *   <li>zone crossings ({@code /api/**}, {@code /internal/**}): a route of the policy must allow
 *       this caller this request, else 403 (counted in {@code jukinet.gateway.denied} and logged
 *       without personal data);</li>
 *   <li>every caller is held to the limits of its class ({@link GatewayPolicy.Limits}): request
 *       rate, requests and streams in progress (429 with {@code Retry-After}, before the body is
 *       read), and the lines of a streamed batch, counted as they pass and read no faster than the
 *       caller's lines per second;</li>
 *   <li>a body larger than the route allows is refused before it is read (413);</li>
 *   <li>the request goes on with the verified identity in {@code X-JukiNet-Caller};</li>
 *   <li>the actuator: {@code /actuator/health/**} is open to any certified caller, every other
 *       actuator endpoint only to operators ({@code operator-*}).</li>
 * </ol>
 *
 * <p>Every refusal is problem+json, counted by route (or {@code actuator}) and caller class, and
 * logged without the request's path or a resident's code.
 */
public class FirewallFilter extends OncePerRequestFilter {

    public static final String DECISION_ATTRIBUTE = FirewallFilter.class.getName() + ".decision";
    public static final String CALLER_HEADER = "X-JukiNet-Caller";

    private static final Logger log = LoggerFactory.getLogger(FirewallFilter.class);
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    static final String RATE_LIMIT_LIMIT = "RateLimit-Limit";
    static final String RATE_LIMIT_REMAINING = "RateLimit-Remaining";
    static final String RATE_LIMIT_RESET = "RateLimit-Reset";

    /** Operators: the only callers of the actuator beyond health. */
    private static final Pattern OPERATOR = Pattern.compile("operator-[a-z0-9]+(-[a-z0-9]+)*");
    /** Health and its groups, spelled plainly: anything odder ({@code ..}, {@code ;}, {@code %}) is not health. */
    private static final Pattern HEALTH = Pattern.compile("/actuator/health(/[A-Za-z0-9_-]+)*/?");
    /** A refused caller is logged at most once a second; the refusals in between are counted in its next line. */
    private static final long REFUSAL_LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final Firewall firewall;
    private final OutboundPolicy outbound;
    private final CallerLimits limits;
    private final RevocationList revocations;
    private final MeterRegistry meters;
    private final Map<String, RefusalLog> refusalLogs = new ConcurrentHashMap<>();

    public FirewallFilter(Firewall firewall, GatewayPolicy policy, RevocationList revocations, MeterRegistry meters) {
        this(firewall, new OutboundPolicy(null), policy, revocations, meters);
    }

    public FirewallFilter(Firewall firewall, OutboundPolicy outbound, GatewayPolicy policy, RevocationList revocations,
                          MeterRegistry meters) {
        this.firewall = firewall;
        this.outbound = outbound;
        this.limits = new CallerLimits(policy.limits());
        this.revocations = revocations;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        X509Certificate certificate = clientCertificate(request);
        if (certificate != null && revocations.isRevoked(certificate)) {
            String holder = CertificateIdentity.of(request.getAttribute(CERTIFICATES)).orElse("(unnamed)");
            meters.counter("jukinet.gateway.denied", "reason", "revoked").increment();
            logRefusal(holder, () -> "Refused " + request.getMethod() + " request with a revoked certificate of "
                    + shown(holder));
            problem(response, 403, "revoked", "Certificate revoked", "the network's CA has revoked this certificate of "
                    + shown(holder) + "; a new one must be issued");
            return;
        }
        String path = request.getRequestURI();
        if (path.startsWith("/api/") || path.startsWith("/internal/")) {
            crossZones(request, response, chain);
        } else if (isActuator(request)) {
            actuator(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }

    private void crossZones(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String caller = caller(request);
        if (caller == null) {
            deny(request, response, "(no certificate)", "no-certificate", "a client certificate of the network's CA is required");
            return;
        }
        if (!request.getRequestURI().equals(normalizedPath(request))) {
            // a path that means something else once decoded or normalised (.., ;, %2f) is judged as written
            // nowhere: the policy and the backend must see the same path
            deny(request, response, caller, "non-canonical-path", "the request path must be written plainly (no '..', ';' or escapes)");
            return;
        }
        Optional<Firewall.Decision> decision = firewall.decide(caller, request.getMethod(), request.getRequestURI());
        if (decision.isEmpty()) {
            deny(request, response, caller, "no-route", "no route of the gateway policy lets " + shown(caller)
                    + " make this request");
            return;
        }
        GatewayPolicy.Route route = decision.get().route();
        if (decision.get().targetUri() == null) {
            // the outbound route: only to an agency endpoint the policy lists, never anywhere the caller names
            Optional<OutboundPolicy.WebhookEndpoint> endpoint = outbound.listed(request.getHeader(OutboundPolicy.ENDPOINT_HEADER));
            if (endpoint.isEmpty()) {
                meters.counter("jukinet.gateway.denied", "reason", "unlisted-endpoint").increment();
                // the endpoint is not logged: an agency's URL is the agency's business, the count is the operator's
                log.warn("Denied {} request from {} on route {}: the endpoint is not in the outbound policy",
                        request.getMethod(), shown(caller), route.id());
                problem(response, 403, "unlisted-endpoint", "Endpoint not in the gateway policy",
                        "the gateway delivers only to agency endpoints its outbound policy lists; this one is not listed");
                return;
            }
            decision = Optional.of(new Firewall.Decision(route, decision.get().targetNode(), endpoint.get().uri()));
        }
        try (CallerLimits.Admission admission = limits.admit(caller, route.streaming())) {
            rateLimitHeaders(response, admission);
            if (admission.refusedBy() != null) {
                tooMany(request, response, caller, route.id(), admission);
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
            LineCount lines = route.streaming() ? new LineCount(admission, caller, route.id()) : null;
            chain.doFilter(new VerifiedRequest(request, caller, max, lines), response);
        }
    }

    /**
     * The caller's request rate, as the IETF draft's RateLimit fields of 2023 name them (what an agency's
     * client paces itself by): the requests a second its class or identity may make, those left in this
     * second, and the seconds until the count starts again. On every answer to a caller the limits admitted
     * or refused; an answer refused before (403 of the policy, no certificate) has none.
     */
    static void rateLimitHeaders(HttpServletResponse response, CallerLimits.Admission admission) {
        response.setHeader(RATE_LIMIT_LIMIT, Integer.toString(admission.figures().requestsPerSecond()));
        response.setHeader(RATE_LIMIT_REMAINING, Integer.toString(admission.refusedBy() == null
                ? admission.remainingRequests() : 0));
        response.setHeader(RATE_LIMIT_RESET, "1");
    }

    /** Health for any certified caller; the rest of the actuator for operators only. */
    private void actuator(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (HEALTH.matcher(request.getRequestURI()).matches() && HEALTH.matcher(normalizedPath(request)).matches()) {
            chain.doFilter(request, response);
            return;
        }
        String caller = caller(request);
        if (caller == null || !OPERATOR.matcher(caller).matches()) {
            deny(request, response, caller == null ? "(no certificate)" : caller, "actuator",
                    "only operators (operator-*) may read this endpoint; health is open to every certified caller");
            return;
        }
        try (CallerLimits.Admission admission = limits.admit(caller, false)) {
            rateLimitHeaders(response, admission);
            if (admission.refusedBy() != null) {
                tooMany(request, response, caller, "actuator", admission);
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Whether the request is for the actuator, by the path as sent and by the path the container
     * maps ({@code //actuator/…}, {@code /x/../actuator/…} and {@code /actuator;p/…} included).
     */
    private static boolean isActuator(HttpServletRequest request) {
        return isActuatorPath(request.getRequestURI()) || isActuatorPath(normalizedPath(request));
    }

    private static boolean isActuatorPath(String path) {
        return path.equals("/actuator") || path.startsWith("/actuator/") || path.startsWith("/actuator;");
    }

    private static String normalizedPath(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    private void deny(HttpServletRequest request, HttpServletResponse response, String caller, String reason,
                      String detail) throws IOException {
        meters.counter("jukinet.gateway.denied", "reason", reason).increment();
        // the path is not logged: it can carry a resident code
        log.warn("Denied {} request from {}: {}", request.getMethod(), shown(caller), reason);
        problem(response, 403, "forbidden", "Forbidden", detail);
    }

    private void tooMany(HttpServletRequest request, HttpServletResponse response, String caller, String route,
                         CallerLimits.Admission admission) throws IOException {
        CallerLimits.Limit limit = admission.refusedBy();
        meters.counter("jukinet.gateway.rate-limited", "route", route, "class", admission.callerClass(),
                "limit", limit.tag()).increment();
        logRefusal(caller, () -> "Refused " + request.getMethod() + " request on route " + route + " from "
                + shown(caller) + " (class " + admission.callerClass() + "): over its " + limit.tag() + " limit");
        GatewayPolicy.Figures figures = admission.figures();
        String detail = switch (limit) {
            case REQUESTS -> "the request rate allowed to " + shown(caller) + " (" + figures.requestsPerSecond()
                    + " per second) is exceeded";
            case CONCURRENT_REQUESTS -> shown(caller) + " already has " + figures.concurrentRequests()
                    + " requests in progress, as many as it may";
            case STREAMS -> shown(caller) + " already has " + figures.concurrentStreams()
                    + " streamed batches open, as many as it may";
            case LINES -> "the batch lines per second allowed to " + shown(caller) + " are exceeded";
        };
        response.setHeader("Retry-After", "1");
        problem(response, 429, "rate-limited", "Too many requests", detail + "; retry after the time in Retry-After");
    }

    /**
     * Logs a refusal of {@code caller} at WARN, at most once a second per caller (a refused client
     * retrying in a loop must not flood the log); the next line says how many were left out.
     */
    private void logRefusal(String caller, Supplier<String> line) {
        if (refusalLogs.size() > 10_000) {
            refusalLogs.clear(); // only the pacing of the log is forgotten
        }
        RefusalLog entry = refusalLogs.computeIfAbsent(caller, name -> new RefusalLog());
        long now = System.nanoTime();
        int leftOut;
        synchronized (entry) {
            if (entry.logged != 0 && now - entry.logged < REFUSAL_LOG_INTERVAL_NANOS) {
                entry.leftOut++;
                return;
            }
            leftOut = entry.leftOut;
            entry.logged = now;
            entry.leftOut = 0;
        }
        log.warn("{}{}", line.get(), leftOut == 0 ? "" : " (" + leftOut + " more refusals of this caller not logged)");
    }

    private static final class RefusalLog {
        long logged;
        int leftOut;
    }

    private static X509Certificate clientCertificate(HttpServletRequest request) {
        return request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0 ? chain[0] : null;
    }

    /**
     * The lines of one streamed batch, counted as they pass: each takes a permit of the caller's
     * lines-per-second limiter, and reading waits for permits not there yet (the caller's upload
     * slows down: backpressure), up to the throttle wait; beyond it the stream is ended. Counted in
     * {@code jukinet.gateway.batch-lines} and, for each read that had to wait,
     * {@code jukinet.gateway.throttled}.
     */
    private final class LineCount {

        private final CallerLimits.Admission admission;
        private final String caller;
        private final String route;
        private final Counter lines;
        private final Counter throttled;

        LineCount(CallerLimits.Admission admission, String caller, String route) {
            this.admission = admission;
            this.caller = caller;
            this.route = route;
            this.lines = meters.counter("jukinet.gateway.batch-lines", "route", route, "class", admission.callerClass());
            this.throttled = meters.counter("jukinet.gateway.throttled", "route", route, "class", admission.callerClass());
        }

        void take(int count) throws IOException {
            if (count == 0) {
                return;
            }
            lines.increment(count);
            try {
                if (admission.takeLines(count) > 0) {
                    throttled.increment();
                }
            } catch (CallerLimits.LinesLimitExceeded e) {
                meters.counter("jukinet.gateway.rate-limited", "route", route, "class", admission.callerClass(),
                        "limit", CallerLimits.Limit.LINES.tag()).increment();
                logRefusal(caller, () -> "Ended a streamed batch on route " + route + " from " + shown(caller)
                        + " (class " + admission.callerClass() + "): its lines exceed "
                        + admission.figures().linesPerSecond() + " per second for longer than the gateway waits");
                throw e;
            }
        }
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
        private final LineCount lines;
        private ServletInputStream limited;

        VerifiedRequest(HttpServletRequest request, String caller, long maxBody, LineCount lines) {
            super(request);
            this.caller = caller;
            this.maxBody = maxBody;
            this.lines = lines;
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
                limited = new LimitedInputStream(super.getInputStream(), maxBody, lines);
            }
            return limited;
        }
    }

    /**
     * Stops reading a body without a Content-Length as soon as it passes the route's limit; on a
     * streamed batch ({@code lines} given) counts its lines: every newline, and a last line without
     * one at the end.
     */
    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long max;
        private final LineCount lines;
        private long read;
        private boolean openLine;

        LimitedInputStream(ServletInputStream in, long max, LineCount lines) {
            this.in = in;
            this.max = max;
            this.lines = lines;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
                if (lines != null) {
                    openLine = b != '\n';
                    lines.take(b == '\n' ? 1 : 0);
                }
            } else {
                end();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
                if (lines != null) {
                    int newlines = 0;
                    for (int i = offset; i < offset + n; i++) {
                        if (buffer[i] == '\n') {
                            newlines++;
                        }
                    }
                    openLine = buffer[offset + n - 1] != '\n';
                    lines.take(newlines);
                }
            } else if (n < 0) {
                end();
            }
            return n;
        }

        /** The last line of a batch need not end with a newline; it is a line all the same. */
        private void end() throws IOException {
            if (lines != null && openLine) {
                openLine = false;
                lines.take(1);
            }
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
