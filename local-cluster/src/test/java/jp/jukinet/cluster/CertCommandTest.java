package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.pki.DevCertificateAuthority;

/**
 * {@code ./jukinet cert} and {@code ./jukinet cert --revoke}, on a var/ of their own: the older
 * spelling of {@code ./jukinet admin cert issue|revoke} (the admin module's JukinetAdminTest tests
 * those), kept working.
 */
class CertCommandTest {

    @TempDir
    Path var;

    @Test
    void revokeListsTheIdentitysCertificateAndCertIssuesAFreshOne() throws Exception {
        Path pki = var.resolve("pki");
        run("--var=" + var, "clerk-131016");
        var issued = DevCertificateAuthority.readCertificate(pki.resolve("clerk-131016.crt"));

        String said = run("--revoke", "--var=" + var, "clerk-131016");

        assertThat(said).contains("clerk-131016: revoked").contains(pki.resolve("ca.crl").toString());
        X509CRL crl = crl(pki.resolve("ca.crl"));
        crl.verify(DevCertificateAuthority.readCertificate(pki.resolve("ca.crt")).getPublicKey());
        assertThat(crl.isRevoked(issued)).isTrue();
        assertThat(pki.resolve("clerk-131016.crt")).doesNotExist();

        run("--var=" + var, "clerk-131016");
        assertThat(crl.isRevoked(DevCertificateAuthority.readCertificate(pki.resolve("clerk-131016.crt")))).isFalse();
    }

    @Test
    void revokingWithoutACaOrWithoutANameIsRefused() {
        assertThatThrownBy(() -> run("--revoke", "--var=" + var, "clerk-131016")).hasMessageContaining("exit 2")
                .hasMessageContaining("no dev CA");
        assertThat(var.resolve("pki").resolve("ca.crt")).doesNotExist();
        assertThatThrownBy(() -> run("--revoke", "--var=" + var)).hasMessageContaining("exit 2")
                .hasMessageContaining("identities to revoke");
    }

    /** What it printed; an {@link AssertionError} with the exit code and standard error when it did not exit 0. */
    private static String run(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LocalCluster.issueCertificates(List.of(arguments), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new AssertionError("exit " + status + ": " + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static X509CRL crl(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }
}
