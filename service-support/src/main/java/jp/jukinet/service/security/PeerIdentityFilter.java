package jp.jukinet.service.security;

import java.io.IOException;
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
 * Deny by default between nodes: a caller's identity is the common name of the client certificate
 * that the TLS handshake verified against the network's CA, never anything it says in a header.
 * Only the identities in {@code jukinet.tls.allowed-peers} reach the API; any certified caller may
 * read health and the API documents. The identity is left in the request attribute
 * {@value #PEER_ATTRIBUTE} for the handlers that check more (e.g. that a notice batch is the
 * caller's own).
 */
public class PeerIdentityFilter extends OncePerRequestFilter {

    /** Request attribute holding the verified identity of the connection's peer (a node, or the gateway). */
    public static final String PEER_ATTRIBUTE = "jukinet.peer";

    /**
     * Request attribute holding the identity of the caller the request is for: the peer itself,
     * or, on a connection whose certificate is the gateway's, the identity the gateway verified and
     * passed in {@value #CALLER_HEADER}. From any other peer that header is ignored.
     */
    public static final String CALLER_ATTRIBUTE = "jukinet.caller";

    /** The header in which the gateway passes the identity of the caller it verified. */
    public static final String CALLER_HEADER = "X-JukiNet-Caller";

    /** The gateway's identity (certificate common name). */
    public static final String GATEWAY = "gateway";

    private static final Logger log = LoggerFactory.getLogger(PeerIdentityFilter.class);
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final TlsSettings settings;

    public PeerIdentityFilter(TlsSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String peer = peer(request);
        if (peer == null) {
            refuse(response, request, "(none)", "a client certificate of the network's CA is required");
            return;
        }
        request.setAttribute(PEER_ATTRIBUTE, peer);
        String caller = peer;
        if (GATEWAY.equals(peer) && request.getHeader(CALLER_HEADER) != null) {
            caller = request.getHeader(CALLER_HEADER);
            if (!caller.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                refuse(response, request, peer, "the gateway passed a malformed caller identity");
                return;
            }
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        if (openToEveryCertifiedCaller(request.getRequestURI()) || settings.allows(peer)) {
            chain.doFilter(request, response);
            return;
        }
        refuse(response, request, peer, "this node does not take calls from " + peer);
    }

    private static boolean openToEveryCertifiedCaller(String path) {
        return path.startsWith("/actuator/health") || path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui");
    }

    static String peer(HttpServletRequest request) {
        return CertificateIdentity.of(request.getAttribute(CERTIFICATES)).orElse(null);
    }

    private static void refuse(HttpServletResponse response, HttpServletRequest request, String peer, String detail)
            throws IOException {
        log.warn("Refused {} {} from {}", request.getMethod(), request.getRequestURI(), CertificateIdentity.shown(peer));
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"urn:jukinet:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
