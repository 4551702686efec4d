package jp.jukinet.service.security;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.model.security.CertificateIdentity;

/**
 * Deny by default between nodes. A peer's identity is the common name of the client certificate
 * that the TLS handshake verified against the network's CA, never anything it says in a header;
 * the gateway is the peer whose certificate is pinned ({@link GatewayPins}), not any certificate
 * named {@code gateway}.
 * <ul>
 *   <li>Health, the API documents: any certified caller.</li>
 *   <li>Every other actuator endpoint: only a peer whose certificate is an operator's
 *       ({@code operator-*}), on a direct connection.</li>
 *   <li>Everything else: only the peers in {@code jukinet.tls.allowed-peers}. A request to
 *       {@code /api/**} or {@code /internal/**} that passes always carries its caller in
 *       {@value #CALLER_ATTRIBUTE}: from the gateway, the identity it verified and passed in
 *       {@value #CALLER_HEADER}; from any other allowed peer, the peer itself (its header is
 *       ignored). Without one it is refused here, so handlers read the attribute as required.</li>
 * </ul>
 * Under {@link PlainHttpForDevelopment} there is no certificate: every request is taken as the
 * gateway's, and the caller (also for the operator check) is whoever {@value #CALLER_HEADER} names.
 *
 * <p>A refusal is 403 problem+json, logged with the method and the path with every value masked.
 */
public class PeerIdentityFilter extends OncePerRequestFilter {

    /** Request attribute holding the verified identity of the connection's peer (a node, or the gateway). */
    public static final String PEER_ATTRIBUTE = "jukinet.peer";

    /**
     * Request attribute holding the identity of the caller the request is for: the peer itself,
     * or, on a connection whose certificate is the pinned gateway's, the identity the gateway
     * verified and passed in {@value #CALLER_HEADER}. From any other peer that header is ignored.
     * Always present on {@code /api/**} and {@code /internal/**}.
     */
    public static final String CALLER_ATTRIBUTE = "jukinet.caller";

    /** The header in which the gateway passes the identity of the caller it verified. */
    public static final String CALLER_HEADER = "X-JukiNet-Caller";

    /** The gateway's identity (certificate common name); it is believed only with the pinned certificate. */
    public static final String GATEWAY = "gateway";

    private static final Logger log = LoggerFactory.getLogger(PeerIdentityFilter.class);
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final Pattern IDENTITY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern OPERATOR = Pattern.compile("operator-[a-z0-9]+(-[a-z0-9]+)*");
    /** Path segments that are names, kept in a log line; every other segment may be a value. */
    private static final Pattern NAME_SEGMENT = Pattern.compile("[A-Za-z._-]*|v\\d+");

    private final TlsSettings settings;
    private final GatewayPins gateway;
    private final boolean plainHttpForDevelopment;

    /**
     * @param gateway the pinned gateway certificates; {@code null} only with {@code plainHttpForDevelopment}
     */
    PeerIdentityFilter(TlsSettings settings, GatewayPins gateway, boolean plainHttpForDevelopment) {
        if (gateway == null && !plainHttpForDevelopment) {
            throw new IllegalArgumentException("with mutual TLS the gateway's certificate must be pinned");
        }
        this.settings = settings;
        this.gateway = gateway;
        this.plainHttpForDevelopment = plainHttpForDevelopment;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        String peer;
        boolean fromGateway;
        if (plainHttpForDevelopment) {
            peer = GATEWAY;
            fromGateway = true;
        } else {
            X509Certificate[] certificates = request.getAttribute(CERTIFICATES) instanceof X509Certificate[] verified
                    && verified.length > 0 ? verified : null;
            peer = CertificateIdentity.of(certificates).orElse(null);
            if (peer == null) {
                refuse(request, response, path, "(none)", "a client certificate of the network's CA is required");
                return;
            }
            fromGateway = gateway.matches(certificates[0]);
        }
        request.setAttribute(PEER_ATTRIBUTE, peer);
        String caller = fromGateway ? request.getHeader(CALLER_HEADER) : peer;
        // a missing caller is refused below, once health and the API documents (open to any peer) are served
        if (caller != null) {
            if (!IDENTITY.matcher(caller).matches()) {
                refuse(request, response, path, peer, "the caller identity passed in " + CALLER_HEADER + " is malformed");
                return;
            }
            request.setAttribute(CALLER_ATTRIBUTE, caller);
        }
        if (openToEveryCertifiedCaller(path)) {
            chain.doFilter(request, response);
            return;
        }
        if (path.equals("/actuator") || path.startsWith("/actuator/")) {
            String who = plainHttpForDevelopment ? caller : peer;
            if (who == null || !OPERATOR.matcher(who).matches()) {
                refuse(request, response, path, who == null ? "(none)" : who,
                        "only operators (operator-*) may read this endpoint; health is open to every certified caller");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        boolean allowed = fromGateway ? settings.allows(GATEWAY) : !GATEWAY.equals(peer) && settings.allows(peer);
        if (!allowed) {
            refuse(request, response, path, peer, GATEWAY.equals(peer) && !fromGateway
                    ? "this certificate named gateway is not the gateway's pinned certificate"
                    : "this node does not take calls from " + CertificateIdentity.shown(peer));
            return;
        }
        if (caller == null && (path.startsWith("/api/") || path.startsWith("/internal/"))) {
            refuse(request, response, path, peer, "no caller: the gateway names the caller it verified in " + CALLER_HEADER);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean openToEveryCertifiedCaller(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui");
    }

    /**
     * The path as the container resolved it (decoded, dot segments and path parameters removed),
     * which is what the handlers are mapped on; the raw URI could climb out of an open prefix.
     */
    static String path(HttpServletRequest request) {
        return request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    }

    /** The path with every segment that is not a plain name masked: {@code /api/v1/municipalities/* /residents/*}. */
    static String masked(String path) {
        return Arrays.stream(path.split("/", -1))
                .map(segment -> NAME_SEGMENT.matcher(segment).matches() ? segment : "*")
                .collect(Collectors.joining("/"));
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String path, String peer,
                               String detail) throws IOException {
        log.warn("Refused {} {} from {}: {}", request.getMethod(), masked(path), CertificateIdentity.shown(peer), detail);
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"urn:jukinet:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
