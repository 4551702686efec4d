package jp.jukinet.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands each node exactly the PKI files it needs, and nothing of anyone else's: for node
 * {@code N}, the directory {@code <target>/N/} receives {@code N.crt} and {@code N.key}, the CA
 * certificate {@code ca.crt}, the gateway's certificate {@code gateway.crt} (public: backends pin
 * it), for the gateway the certificate revocation list {@code ca.crl} when the CA has one, and for
 * the national server its webhook signing key pair {@code national-webhook-signing.key/.pub}, and
 * for J-LIS and each prefecture server its provision-chain head signing key pair
 * {@code <node>-chain-signing.key/.pub} with the public keys of the nodes it exchanges heads with
 * (J-LIS: every prefecture's in the CA directory; a prefecture: J-LIS's).
 * The CA's key and every other identity's key stay in the CA directory.
 *
 * <p>In docker compose each {@code <target>/N/} is a volume that only the PKI job and node
 * {@code N} mount, so a node's container holds its own key and no other. Files are replaced
 * atomically (the gateway re-reads {@code ca.crl} while it runs), keys are written readable by
 * their owner only, and any other certificate, key or CRL already in the directory is removed.
 */
final class KeyDistribution {

    static final String CRL = "ca.crl";
    private static final String GATEWAY = "gateway";
    private static final String NATIONAL = "national";
    /** The national server's webhook signing key pair ({@code dev-pki signing-key}). */
    static final String SIGNING_KEY = "national-webhook-signing";
    /** The suffix of a node's provision-chain head signing key pair ({@code dev-pki signing-key}). */
    static final String CHAIN_SIGNING = "-chain-signing";
    private static final java.util.regex.Pattern PREFECTURE = java.util.regex.Pattern.compile("pref-\\d{2}");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private final Path caDirectory;
    private final Path target;

    KeyDistribution(Path caDirectory, Path target) {
        this.caDirectory = caDirectory;
        this.target = target;
    }

    /**
     * Copies {@code node}'s files into {@code <target>/<node>/}, which must exist (in compose, the
     * node's volume is mounted there: a missing directory means a missing mount, and the files
     * would land where the node never sees them). Returns the files written.
     */
    List<Path> distribute(Identity node) {
        Path directory = target.resolve(node.name());
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " does not exist: create it, or mount " + node
                    + "'s key volume there");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(node.name() + ".crt", required(node.name() + ".crt"));
        files.put(node.name() + ".key", required(node.name() + ".key"));
        files.put(DevCertificateAuthority.CA_CERTIFICATE, required(DevCertificateAuthority.CA_CERTIFICATE));
        files.put(GATEWAY + ".crt", required(GATEWAY + ".crt"));
        Path crl = caDirectory.resolve(CRL);
        if (node.name().equals(GATEWAY) && Files.isRegularFile(crl)) {
            files.put(CRL, crl);
        }
        if (node.name().equals(NATIONAL)) {
            // J-LIS's webhook signing key: the national server signs every delivery and does not start without it
            files.put(SIGNING_KEY + ".key", required(SIGNING_KEY + ".key"));
            files.put(SIGNING_KEY + ".pub", required(SIGNING_KEY + ".pub"));
        }
        boolean prefecture = PREFECTURE.matcher(node.name()).matches();
        if (node.name().equals(NATIONAL) || prefecture) {
            // its provision-chain heads are signed outside its database (issue #15): it does not start without the
            // pair, and it checks the heads of the nodes it exchanges them with by their public keys from here
            String own = node.name() + CHAIN_SIGNING;
            files.put(own + ".key", required(own + ".key"));
            files.put(own + ".pub", required(own + ".pub"));
            if (prefecture) {
                files.put(NATIONAL + CHAIN_SIGNING + ".pub", required(NATIONAL + CHAIN_SIGNING + ".pub"));
            } else {
                prefectureChainKeys().forEach(name -> files.put(name, caDirectory.resolve(name)));
            }
        }
        try {
            removeOthers(directory, files.keySet());
            List<Path> written = new ArrayList<>();
            for (Map.Entry<String, Path> file : files.entrySet()) {
                Path copy = directory.resolve(file.getKey());
                copyAtomically(file.getValue(), copy, file.getKey().endsWith(".key") ? PRIVATE : PUBLIC);
                written.add(copy);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of " + node + " into " + directory, e);
        }
    }

    /** Every prefecture's public chain-head key in the CA directory. */
    private List<String> prefectureChainKeys() {
        try (var entries = Files.list(caDirectory)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.endsWith(CHAIN_SIGNING + ".pub")
                            && PREFECTURE.matcher(name.substring(0, name.length() - (CHAIN_SIGNING + ".pub").length())).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + caDirectory, e);
        }
    }

    private Path required(String name) {
        Path file = caDirectory.resolve(name);
        if (!Files.isRegularFile(file)) {
            String base = name.substring(0, name.lastIndexOf('.'));
            throw new IllegalArgumentException(file + " does not exist: issue it first (dev-pki "
                    + (base.endsWith("-signing") ? "signing-key " : "ensure ") + caDirectory + " " + base + ")");
        }
        return file;
    }

    /** A key or certificate left from an earlier layout, or another identity's, must not stay reachable. */
    private static void removeOthers(Path directory, Set<String> kept) throws IOException {
        try (var entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean pkiFile = name.endsWith(".key") || name.endsWith(".crt") || name.endsWith(".crl");
                if (pkiFile && !kept.contains(name) && Files.isRegularFile(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }

    private static void copyAtomically(Path source, Path target, Set<PosixFilePermission> permissions) throws IOException {
        // createTempFile makes the file readable by its owner only, before a byte of the key is in it
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
