package jp.jukinet.gateway.firewall;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The certificates the network's CA has revoked, as the gateway enforces them: a PEM X.509 CRL
 * ({@code ca.crl}, written by {@code dev-pki revoke}) whose signature must verify against a CA the
 * gateway trusts, read again every {@code jukinet.gateway.revocation-refresh} (2 s), so that a
 * revocation takes effect within seconds and without a restart.
 *
 * <p>Failure rules: no file means nothing is revoked; a file that does not verify stops the start;
 * a later file that does not verify, is older than the list in force, or disappears leaves the
 * last good list in force and is logged as an error (once per content). A certificate is revoked
 * when the list's issuer is its issuer and the list names its serial number.
 */
public class RevocationList implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RevocationList.class);

    private record Entry(X500Principal issuer, BigInteger serial) {
    }

    /**
     * A verified list: what it revokes, its CRL number and when it was issued. A list never goes
     * back: the next must have a higher number (or, without numbers, be issued no earlier).
     */
    private record Snapshot(Set<Entry> revoked, BigInteger number, Date thisUpdate) {

        boolean follows(Snapshot current) {
            if (number != null && current.number() != null) {
                return number.compareTo(current.number()) > 0;
            }
            return !thisUpdate.before(current.thisUpdate());
        }
    }

    private final Path file;
    private final Duration refresh;
    private final List<X509Certificate> issuers;
    private volatile Snapshot current;
    private byte[] lastRead;
    private boolean missingReported;
    private ScheduledExecutorService scheduler;

    /**
     * Reads the list in {@code file} if there is one.
     *
     * @param issuers the CAs the gateway trusts; the list must be signed by one of them
     * @throws IllegalStateException when the file exists and does not verify
     */
    public RevocationList(Path file, Duration refresh, List<X509Certificate> issuers) {
        this.file = file;
        this.refresh = refresh;
        this.issuers = List.copyOf(issuers);
        try {
            byte[] bytes = Files.readAllBytes(file);
            current = verify(bytes);
            lastRead = bytes;
            log.info("Revocation list {}: {} certificates revoked; read again every {}", file, current.revoked().size(), refresh);
        } catch (NoSuchFileException e) {
            current = new Snapshot(Set.of(), null, new Date(0));
            log.info("No revocation list at {} yet: nothing revoked; looked for every {}", file, refresh);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the revocation list " + file + " (jukinet.gateway.revocation-list) cannot be "
                    + "used: " + e.getMessage() + "; replace it with a list signed by the network's CA, or remove it", e);
        }
    }

    private RevocationList() {
        this.file = null;
        this.refresh = null;
        this.issuers = List.of();
        this.current = new Snapshot(Set.of(), null, new Date(0));
    }

    /**
     * The list of a gateway that takes no client certificates (the development switch): there is
     * nothing to revoke, and nothing is read.
     */
    public static RevocationList none() {
        return new RevocationList();
    }

    /** Whether the network's CA has revoked {@code certificate}. */
    public boolean isRevoked(X509Certificate certificate) {
        Set<Entry> revoked = current.revoked();
        return !revoked.isEmpty()
                && revoked.contains(new Entry(certificate.getIssuerX500Principal(), certificate.getSerialNumber()));
    }

    /** How many certificates the list in force revokes. */
    public int size() {
        return current.revoked().size();
    }

    /** Reads the file again; keeps the list in force when the new one cannot be used. */
    synchronized void refresh() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (!current.revoked().isEmpty() && !missingReported) {
                missingReported = true;
                log.error("The revocation list {} has disappeared; the gateway keeps refusing the {} certificates it revoked",
                        file, current.revoked().size());
            }
            return;
        } catch (IOException e) {
            log.error("Cannot read the revocation list {} ({}); the list in force stays", file, e.getMessage());
            return;
        }
        missingReported = false;
        if (Arrays.equals(bytes, lastRead)) {
            return;
        }
        lastRead = bytes;
        try {
            Snapshot next = verify(bytes);
            if (!next.follows(current)) {
                throw new CRLException("it is not newer than the list in force (CRL number " + next.number() + ", issued "
                        + next.thisUpdate().toInstant() + "; in force: " + current.number() + ", "
                        + current.thisUpdate().toInstant() + ")");
            }
            current = next;
            log.info("Revocation list {} read again: {} certificates revoked", file, next.revoked().size());
        } catch (IOException | GeneralSecurityException e) {
            log.error("The revocation list {} cannot be used ({}); the gateway keeps the last good list ({} certificates "
                    + "revoked)", file, e.getMessage(), current.revoked().size());
        }
    }

    private Snapshot verify(byte[] bytes) throws IOException, GeneralSecurityException {
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        X509Certificate issuer = issuers.stream()
                .filter(ca -> ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal()))
                .findFirst()
                .orElseThrow(() -> new CRLException("it is issued by " + crl.getIssuerX500Principal()
                        + ", not by a CA the gateway trusts"));
        boolean[] usage = issuer.getKeyUsage();
        if (usage != null && (usage.length <= 6 || !usage[6])) {
            throw new CRLException("its issuer's certificate does not allow signing revocation lists (key usage cRLSign)");
        }
        crl.verify(issuer.getPublicKey()); // throws SignatureException when anyone but the CA signed it
        Set<Entry> revoked = new HashSet<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            for (X509CRLEntry entry : entries) {
                X500Principal entryIssuer = entry.getCertificateIssuer();
                revoked.add(new Entry(entryIssuer == null ? crl.getIssuerX500Principal() : entryIssuer,
                        entry.getSerialNumber()));
            }
        }
        return new Snapshot(Set.copyOf(revoked), crlNumber(crl), crl.getThisUpdate());
    }

    /** The CRL number extension (DER: OCTET STRING { INTEGER }), or {@code null} when there is none. */
    private static BigInteger crlNumber(X509CRL crl) throws CRLException {
        byte[] value = crl.getExtensionValue("2.5.29.20");
        if (value == null) {
            return null;
        }
        int[] at = {0};
        if (value[at[0]++] != 0x04) {
            throw new CRLException("its CRL number is malformed");
        }
        derLength(value, at);
        if (value[at[0]++] != 0x02) {
            throw new CRLException("its CRL number is malformed");
        }
        int length = derLength(value, at);
        if (length <= 0 || at[0] + length > value.length) {
            throw new CRLException("its CRL number is malformed");
        }
        return new BigInteger(Arrays.copyOfRange(value, at[0], at[0] + length));
    }

    private static int derLength(byte[] der, int[] at) throws CRLException {
        if (at[0] >= der.length) {
            throw new CRLException("its CRL number is malformed");
        }
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int octets = first & 0x7f;
        if (octets > 3 || at[0] + octets > der.length) {
            throw new CRLException("its CRL number is malformed");
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || file == null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "revocation-list");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.error("Reading the revocation list {} failed; the list in force stays", file, e);
            }
        }, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
