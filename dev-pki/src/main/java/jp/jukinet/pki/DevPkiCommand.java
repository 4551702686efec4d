package jp.jukinet.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Operator command for the dev PKI.
 *
 * <pre>
 *   issue &lt;dir&gt; &lt;identity&gt;...                 issue (or re-issue) certificates, creating the CA if needed
 *   ensure &lt;dir&gt; &lt;identity&gt;...                issue only the certificates that are missing or out of
 *                                            date (another CA, or an older profile)
 *   distribute &lt;dir&gt; &lt;target&gt; &lt;node&gt;...      copy each node's own certificate and key, ca.crt and
 *                                            gateway.crt (the gateway: and ca.crl) into &lt;target&gt;/&lt;node&gt;/
 *   revoke [&lt;dir&gt;] &lt;identity&gt;...               revoke their current certificates (ca.crl); the directory
 *                                            may be left out when JUKINET_TLS_DIRECTORY names it
 * </pre>
 *
 * Steps joined by {@code --then} run in order, and the first that fails stops the rest, so one
 * run of the docker compose PKI job can issue and then distribute. For example
 * {@code issue var/pki resident-12345678906} writes {@code var/pki/resident-12345678906.crt} and
 * {@code .key}; {@code revoke var/pki clerk-131016} adds that clerk's certificate to
 * {@code var/pki/ca.crl}, which the gateway reads every few seconds, and moves the pair aside to
 * {@code var/pki/revoked/}.
 */
public final class DevPkiCommand {

    static final String THEN = "--then";
    static final String DIRECTORY_VARIABLE = "JUKINET_TLS_DIRECTORY";
    private static final String USAGE = "usage: dev-pki issue|ensure <directory> <identity>...\n"
            + "       dev-pki distribute <directory> <target> <node>...\n"
            + "       dev-pki signing-key <directory> <name>...   (Ed25519 <name>.key and <name>.pub, kept when present)\n"
            + "       dev-pki revoke [<directory>] <identity>...   (the directory from " + DIRECTORY_VARIABLE
            + " when left out)\n"
            + "       (steps joined by " + THEN + " run in order)";

    private DevPkiCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) {
        return run(args, System.getenv());
    }

    static int run(String[] args, Map<String, String> environment) {
        List<List<String>> steps = new ArrayList<>();
        steps.add(new ArrayList<>());
        for (String arg : args) {
            if (arg.equals(THEN)) {
                steps.add(new ArrayList<>());
            } else {
                steps.get(steps.size() - 1).add(arg);
            }
        }
        for (List<String> step : steps) {
            int status = runStep(step.toArray(String[]::new), environment);
            if (status != 0) {
                return status;
            }
        }
        return 0;
    }

    private static int runStep(String[] args, Map<String, String> environment) {
        if (args.length >= 1 && args[0].equals("distribute")) {
            return distribute(args);
        }
        if (args.length >= 3 && args[0].equals("signing-key")) {
            try {
                DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(Path.of(args[1]));
                for (String name : Arrays.copyOfRange(args, 2, args.length)) {
                    System.out.println(name + ": " + ca.ensureSigningKey(name));
                }
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("dev-pki: " + e.getMessage());
                return 2;
            }
        }
        if (args.length >= 2 && args[0].equals("revoke")) {
            return revoke(args, environment.get(DIRECTORY_VARIABLE));
        }
        if (args.length < 3 || !List.of("issue", "ensure").contains(args[0])) {
            System.err.println(USAGE);
            return 2;
        }
        List<Identity> identities;
        try {
            identities = Arrays.stream(args, 2, args.length).map(Identity::new).toList();
        } catch (IllegalArgumentException e) {
            System.err.println("dev-pki: " + e.getMessage());
            return 2;
        }
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(Path.of(args[1]));
        for (Identity identity : identities) {
            IssuedCertificate files = "issue".equals(args[0]) ? ca.issue(identity) : ca.ensureIssued(identity);
            System.out.println(identity + ": " + files.certificate() + " " + files.privateKey());
        }
        System.out.println("CA: " + ca.caCertificatePath());
        return 0;
    }

    private static int distribute(String[] args) {
        if (args.length < 4) {
            System.err.println(USAGE);
            return 2;
        }
        try {
            List<Identity> nodes = Arrays.stream(args, 3, args.length).map(Identity::new).toList();
            KeyDistribution distribution = new KeyDistribution(Path.of(args[1]), Path.of(args[2]));
            for (Identity node : nodes) {
                System.out.println(node + ": " + distribution.distribute(node));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("dev-pki: " + e.getMessage());
            return 2;
        }
    }

    /**
     * {@code revoke <dir> <identity>...}, or {@code revoke <identity>...} with the directory from
     * {@code JUKINET_TLS_DIRECTORY} (as in the compose file's PKI job): the first argument is the
     * directory when it is one, or when no directory is named otherwise.
     */
    private static int revoke(String[] args, String directoryFromEnvironment) {
        boolean firstIsDirectory = directoryFromEnvironment == null || directoryFromEnvironment.isBlank()
                || Files.isDirectory(Path.of(args[1]));
        Path directory = Path.of(firstIsDirectory ? args[1] : directoryFromEnvironment);
        String[] names = Arrays.copyOfRange(args, firstIsDirectory ? 2 : 1, args.length);
        if (names.length == 0) {
            System.err.println(USAGE);
            return 2;
        }
        if (!Files.exists(directory.resolve(DevCertificateAuthority.CA_CERTIFICATE))) {
            System.err.println("dev-pki: there is no CA in " + directory + "; nothing can be revoked there");
            return 2;
        }
        List<Identity> identities;
        try {
            identities = Arrays.stream(names).map(Identity::new).toList();
        } catch (IllegalArgumentException e) {
            System.err.println("dev-pki: " + e.getMessage());
            return 2;
        }
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(directory);
        int status = 0;
        for (Identity identity : identities) {
            try {
                RevokedCertificate revoked = ca.revoke(identity);
                System.out.println(identity + ": revoked (serial " + revoked.serialNumber().toString(16) + "), moved to "
                        + revoked.movedTo());
            } catch (IllegalArgumentException e) {
                System.err.println("dev-pki: " + e.getMessage());
                status = 1;
            }
        }
        System.out.println("Revocation list: " + ca.revocationListPath()
                + " (the gateway refuses revoked certificates within seconds; issue a new one with: issue "
                + directory + " <identity>)");
        return status;
    }
}
