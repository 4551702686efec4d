package jp.jukinet.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.pki.IssuedCertificate;
import jp.jukinet.pki.RevokedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cert issue|revoke}: certificates of the dev CA kept in the PKI directory ({@code --pki},
 * by default the network description's, else {@code var/pki}). {@code ./jukinet cert <identity>}
 * and {@code ./jukinet cert --revoke <identity>} are the same commands under their older spelling.
 * The gateway re-reads the revocation list every few seconds and refuses a revoked certificate
 * from then on. In docker compose the CA is the {@code pki} job's alone: revoke there
 * ({@code docker compose run --rm pki revoke …}); the admin container holds no CA key.
 */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Certificates of the dev CA in --pki (default var/pki): issue, revoke.",
        subcommands = {CertCommands.Issue.class, CertCommands.Revoke.class})
final class CertCommands {

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issues a certificate and key (PEM) for each identity, e.g. resident-12345678901, clerk-131016, "
                    + "operator-night; the CA is made on first use.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:issued", "2:usage (a malformed identity)"})
    static final class Issue implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "IDENTITY", description = "who the certificate is for")
        List<String> identities = new ArrayList<>();

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            List<Identity> checked = identities.stream().map(Identity::new).toList();
            DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(admin.pkiDirectory());
            List<Object> issued = new ArrayList<>();
            for (Identity identity : checked) {
                IssuedCertificate files = ca.issue(identity);
                issued.add(Map.of("identity", identity.name(), "certificate", files.certificate().toString(),
                        "key", files.privateKey().toString()));
                if (!admin.json) {
                    admin.out.println(identity + ": " + files.certificate() + " " + files.privateKey());
                }
            }
            if (admin.json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("issued", issued);
                document.put("ca", ca.caCertificatePath().toString());
                admin.printJson(document);
            } else {
                admin.out.println("CA: " + ca.caCertificatePath());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes each identity's current certificate: listed in the CA's revocation list (ca.crl), "
                    + "which the gateway re-reads every few seconds, and moved aside to revoked/.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:revoked", "2:usage (no dev CA in --pki, or a malformed identity)"})
    static final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "IDENTITY", description = "whose certificate to revoke")
        List<String> identities = new ArrayList<>();

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            List<Identity> checked = identities.stream().map(Identity::new).toList();
            Path pki = admin.pkiDirectory();
            if (!Files.exists(pki.resolve("ca.crt"))) {
                throw new IllegalArgumentException("there is no dev CA in " + pki + " yet: nothing to revoke");
            }
            DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(pki);
            List<Object> revoked = new ArrayList<>();
            for (Identity identity : checked) {
                RevokedCertificate done = ca.revoke(identity);
                revoked.add(Map.of("identity", identity.name(), "serial", done.serialNumber().toString(16)));
                if (!admin.json) {
                    admin.out.println(identity + ": revoked (serial " + done.serialNumber().toString(16) + "); "
                            + "the gateway refuses it within seconds. A new one: jukinet-admin cert issue " + identity);
                }
            }
            if (admin.json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("revoked", revoked);
                document.put("revocationList", ca.revocationListPath().toString());
                admin.printJson(document);
            } else {
                admin.out.println("Revocation list: " + ca.revocationListPath());
            }
            return ExitCode.OK;
        }
    }
}
