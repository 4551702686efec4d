package jp.jukinet.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local network's secrets, in {@code var/secrets} (mode 700, each file 600): J-LIS's My Number
 * key ({@code numbering.key}, base64 of 32 random bytes) and a password per database role
 * ({@code postgres-<role>.password}). Each is made with {@link SecureRandom} the first time it is
 * asked for and read back on every later start, so a restarted network numbers with the same key
 * and its roles keep their passwords; {@code ./jukinet --clean} forgets them with the rest of
 * {@code var/}. Nothing here is ever printed or logged.
 */
final class ClusterSecrets {

    static final String NUMBERING_KEY = "numbering.key";
    private static final int DEMO_PASSWORD_BYTES = 12;
    private static final int NUMBERING_KEY_BYTES = 32;
    private static final int PASSWORD_BYTES = 24;
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path directory;
    private final SecureRandom random = new SecureRandom();

    private ClusterSecrets(Path directory) {
        this.directory = directory;
    }

    /** Opens (creating when needed) the secrets directory, readable by this user only. */
    static ClusterSecrets open(Path directory) {
        try {
            Files.createDirectories(directory);
            restrict(directory, OWNER_ONLY_DIRECTORY);
            return new ClusterSecrets(directory);
        } catch (IOException e) {
            throw new ClusterException("cannot create " + directory + " for the network's secrets: " + e.getMessage(), e);
        }
    }

    Path directory() {
        return directory;
    }

    /** J-LIS's key of the keyed My Number derivation ({@code jukinet.national.numbering.key}). */
    String numberingKey() {
        return readOrCreate(NUMBERING_KEY, NUMBERING_KEY_BYTES, Base64.getEncoder()).value();
    }

    /** The information-provision network's key of its 機関別符号 ({@code jukinet.downstream.code-key}, F9). */
    String ipnCodeKey() {
        return readOrCreate("ipn-code.key", NUMBERING_KEY_BYTES, Base64.getEncoder()).value();
    }

    /**
     * The password of the demo clerk accounts {@code ./jukinet} enrols at the window, one per municipality
     * (printed in the ready block): made once per var directory, 16 characters a person can type.
     */
    String demoClerkPassword() {
        return readOrCreate("demo-clerk.password", DEMO_PASSWORD_BYTES, Base64.getUrlEncoder().withoutPadding()).value();
    }

    /** What {@link #replace} last kept under {@code name}, if anything. */
    Optional<String> stored(String name) {
        Path file = directory.resolve(name);
        try {
            return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
        } catch (IOException e) {
            throw new ClusterException("cannot read the secret " + file + ": " + e.getMessage(), e);
        }
    }

    /** Keeps {@code value} under {@code name}, replacing what was there: whole or not at all, readable by this user only. */
    synchronized void replace(String name, String value) {
        Path file = directory.resolve(name);
        try {
            Path temp = Files.createTempFile(directory, "." + name, ".tmp");
            try {
                restrict(temp, OWNER_ONLY_FILE);
                Files.writeString(temp, value + "\n", StandardCharsets.US_ASCII);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ClusterException("cannot keep the secret " + file + ": " + e.getMessage(), e);
        }
    }

    /** The password of database role {@code role}, and whether it was made just now. */
    Secret password(String role) {
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("not a role name: " + role);
        }
        return readOrCreate(passwordFile(role), PASSWORD_BYTES, Base64.getUrlEncoder().withoutPadding());
    }

    static String passwordFile(String role) {
        return "postgres-" + role + ".password";
    }

    /** A secret's value; {@code created} when this call made it. */
    record Secret(String value, boolean created) {

        @Override
        public String toString() {
            return "Secret[created=" + created + "]";
        }
    }

    private synchronized Secret readOrCreate(String name, int bytes, Base64.Encoder encoder) {
        Path file = directory.resolve(name);
        try {
            if (Files.exists(file)) {
                return new Secret(read(file), false);
            }
            byte[] secret = new byte[bytes];
            random.nextBytes(secret);
            // createTempFile makes the file readable by its owner only, before the secret is in it
            Path temp = Files.createTempFile(directory, "." + name, ".tmp");
            try {
                restrict(temp, OWNER_ONLY_FILE);
                Files.writeString(temp, encoder.encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
                // a rename within the directory: the file appears whole or not at all, and one already
                // there is kept (FileAlreadyExistsException)
                Files.move(temp, file);
            } catch (FileAlreadyExistsException e) {
                return new Secret(read(file), false); // another process made it first: use theirs
            } finally {
                Files.deleteIfExists(temp);
            }
            return new Secret(read(file), true);
        } catch (IOException e) {
            throw new ClusterException("cannot keep the secret " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws IOException {
        restrict(file, OWNER_ONLY_FILE);
        String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (value.isEmpty()) {
            throw new ClusterException(file + " is empty; delete it to have a new one made (a new numbering key "
                    + "derives different My Numbers for residents numbered from now on), or start with --clean");
        }
        return value;
    }

    /** Tightens a file or directory someone loosened; on a file system without POSIX modes, nothing. */
    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")
                && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
