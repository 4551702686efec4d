package jp.jukinet.downstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

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
 * Deny by default at a downstream system. The server requires a client certificate of the network's
 * CA (downstream.yaml); on top of that:
 * <ul>
 *   <li>the webhook endpoint ({@value WebhookPath#PATH}) takes requests only from the gateway, the peer
 *       whose certificate is pinned ({@code gateway.crt}, SHA-256): J-LIS never calls an agency directly,
 *       and the signature (checked after this) says the events are J-LIS's;</li>
 *   <li>the API ({@code /api/**}: what the system holds) answers operators ({@code operator-*}) only;</li>
 *   <li>health is open to every certified caller; everything else is refused.</li>
 * </ul>
 * A refusal is 403 problem+json, logged with the method and the caller, never the path's values.
 */
final class ConsumerAccess extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ConsumerAccess.class);
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final byte[] gatewayFingerprint;

    ConsumerAccess(byte[] gatewayFingerprint) {
        this.gatewayFingerprint = gatewayFingerprint.clone();
    }

    /** The SHA-256 of the gateway's certificate in {@code file}; unreadable, the system does not start. */
    static byte[] pin(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return fingerprint((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the gateway's certificate " + file + " to pin it: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        X509Certificate[] certificates = request.getAttribute(CERTIFICATES) instanceof X509Certificate[] verified
                && verified.length > 0 ? verified : null;
        String peer = CertificateIdentity.of(certificates).orElse(null);
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (peer == null) {
            refuse(request, response, "(none)", "a client certificate of the network's CA is required");
            return;
        }
        boolean allowed;
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            allowed = true;
        } else if (path.equals(WebhookPath.PATH)) {
            allowed = MessageDigest.isEqual(gatewayFingerprint, fingerprint(certificates[0]));
        } else if (path.startsWith("/api/")) {
            allowed = peer.matches("operator-[a-z0-9]+(-[a-z0-9]+)*");
        } else {
            allowed = false;
        }
        if (!allowed) {
            refuse(request, response, peer, path.equals(WebhookPath.PATH)
                    ? "webhooks are taken from the gateway only" : "this system does not take this call from " + peer);
            return;
        }
        chain.doFilter(request, response);
    }

    private static byte[] fingerprint(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String peer, String detail)
            throws IOException {
        log.warn("Refused {} from {}: {}", request.getMethod(), CertificateIdentity.shown(peer), detail);
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"urn:jukinet:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
