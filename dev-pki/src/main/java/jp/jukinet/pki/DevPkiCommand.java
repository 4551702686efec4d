package jp.jukinet.pki;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Operator command for the dev PKI.
 *
 * <pre>
 *   issue &lt;dir&gt; &lt;identity&gt;...    issue (or re-issue) certificates, creating the CA if needed
 *   ensure &lt;dir&gt; &lt;identity&gt;...   issue only the certificates that are missing or out of date
 *                                  (another CA, or an older profile: see {@link DevCertificateAuthority})
 * </pre>
 *
 * For example {@code issue var/pki resident-12345678906} writes
 * {@code var/pki/resident-12345678906.crt} and {@code .key}.
 */
public final class DevPkiCommand {

    private DevPkiCommand() {
    }

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) {
        if (args.length < 3 || !List.of("issue", "ensure").contains(args[0])) {
            System.err.println("usage: dev-pki issue|ensure <directory> <identity>...");
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
}
