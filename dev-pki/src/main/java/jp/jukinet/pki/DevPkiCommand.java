package jp.jukinet.pki;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operator command for the dev PKI.
 *
 * <pre>
 *   issue &lt;dir&gt; &lt;identity&gt;...                 issue (or re-issue) certificates, creating the CA if needed
 *   ensure &lt;dir&gt; &lt;identity&gt;...                issue only the certificates that are missing
 *   distribute &lt;dir&gt; &lt;target&gt; &lt;node&gt;...      copy each node's own certificate and key, ca.crt and
 *                                            gateway.crt (the gateway: and ca.crl) into &lt;target&gt;/&lt;node&gt;/
 * </pre>
 *
 * Steps joined by {@code --then} run in order, and the first that fails stops the rest, so one
 * run of the docker compose PKI job can issue and then distribute. For example
 * {@code issue var/pki resident-12345678906} writes {@code var/pki/resident-12345678906.crt} and
 * {@code .key}.
 */
public final class DevPkiCommand {

    static final String THEN = "--then";
    private static final String USAGE = "usage: dev-pki issue|ensure <directory> <identity>...\n"
            + "       dev-pki distribute <directory> <target> <node>...\n"
            + "       (steps joined by " + THEN + " run in order)";

    private DevPkiCommand() {
    }

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) {
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
            int status = runStep(step.toArray(String[]::new));
            if (status != 0) {
                return status;
            }
        }
        return 0;
    }

    private static int runStep(String[] args) {
        if (args.length >= 1 && args[0].equals("distribute")) {
            return distribute(args);
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
}
