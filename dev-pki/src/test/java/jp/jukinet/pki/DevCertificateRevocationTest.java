package jp.jukinet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DevCertificateAuthority#revoke} and {@code dev-pki revoke}: a CRL signed by the CA, the pair moved aside. */
class DevCertificateRevocationTest {

    @TempDir
    Path dir;

    @Test
    void aRevokedCertificateIsListedInACrlSignedByTheCaAndItsFilesMoveAside() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        IssuedCertificate issued = ca.issue(new Identity("clerk-131016"));
        BigInteger serial = DevCertificateAuthority.readCertificate(issued.certificate()).getSerialNumber();

        RevokedCertificate revoked = ca.revoke(new Identity("clerk-131016"));

        assertThat(revoked.serialNumber()).isEqualTo(serial);
        X509CRL crl = crl(ca.revocationListPath());
        crl.verify(ca.caCertificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.caCertificate().getSubjectX500Principal());
        assertThat(crl.getRevokedCertificate(serial)).isNotNull();
        assertThat(Files.readString(ca.revocationListPath())).startsWith("-----BEGIN X509 CRL-----");
        assertThat(issued.certificate()).doesNotExist();
        assertThat(issued.privateKey()).doesNotExist();
        assertThat(revoked.movedTo()).exists();
        assertThat(dir.resolve("revoked").resolve("clerk-131016-" + serial.toString(16) + ".key")).exists();
    }

    @Test
    void theIdentityGetsAFreshCertificateWhichIsNotRevoked() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        ca.issue(new Identity("clerk-131016"));
        BigInteger old = ca.revoke(new Identity("clerk-131016")).serialNumber();

        IssuedCertificate fresh = ca.ensureIssued(new Identity("clerk-131016"));
        X509Certificate certificate = DevCertificateAuthority.readCertificate(fresh.certificate());

        assertThat(certificate.getSerialNumber()).isNotEqualTo(old);
        assertThat(crl(ca.revocationListPath()).isRevoked(certificate)).isFalse();
    }

    @Test
    void everyRevocationKeepsTheEarlierOnesAndNumbersTheListOneHigher() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        ca.issue(new Identity("clerk-131016"));
        ca.issue(new Identity("resident-12345678906"));
        BigInteger first = ca.revoke(new Identity("clerk-131016")).serialNumber();
        byte[] firstNumber = crl(ca.revocationListPath()).getExtensionValue("2.5.29.20");
        ca.ensureIssued(new Identity("clerk-131016"));
        BigInteger second = ca.revoke(new Identity("clerk-131016")).serialNumber();
        BigInteger third = ca.revoke(new Identity("resident-12345678906")).serialNumber();

        X509CRL crl = crl(ca.revocationListPath());
        assertThat(crl.getRevokedCertificates()).hasSize(3);
        assertThat(crl.getRevokedCertificate(first)).isNotNull();
        assertThat(crl.getRevokedCertificate(second)).isNotNull();
        assertThat(crl.getRevokedCertificate(third)).isNotNull();
        // DER OCTET STRING { INTEGER n }: the last byte is the number while it is small
        assertThat(firstNumber[firstNumber.length - 1]).isEqualTo((byte) 1);
        byte[] number = crl.getExtensionValue("2.5.29.20");
        assertThat(number[number.length - 1]).isEqualTo((byte) 3);
    }

    @Test
    void revokingWhatIsNotThereSaysSoAndWritesNothing() {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);

        assertThatThrownBy(() -> ca.revoke(new Identity("clerk-131016")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no certificate of clerk-131016");
        assertThat(ca.revocationListPath()).doesNotExist();
    }

    @Test
    void aListSignedByAnotherCaIsNotExtended(@TempDir Path other) throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        DevCertificateAuthority forger = DevCertificateAuthority.openOrCreate(other);
        forger.issue(new Identity("agency-nenkin"));
        forger.revoke(new Identity("agency-nenkin"));
        Files.copy(forger.revocationListPath(), ca.revocationListPath());
        ca.issue(new Identity("clerk-131016"));

        assertThatThrownBy(() -> ca.revoke(new Identity("clerk-131016"))).hasMessageContaining("not signed by this CA");
        assertThatThrownBy(() -> crl(ca.revocationListPath()).verify(ca.caCertificate().getPublicKey()))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void theCommandRevokesInTheNamedDirectoryOrTheOneTheEnvironmentNames() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        ca.issue(new Identity("clerk-131016"));
        ca.issue(new Identity("agency-nenkin"));

        assertThat(quietly(() -> DevPkiCommand.run(new String[] {"revoke", dir.toString(), "clerk-131016"}, Map.of())))
                .isZero();
        assertThat(quietly(() -> DevPkiCommand.run(new String[] {"revoke", "agency-nenkin"},
                Map.of(DevPkiCommand.DIRECTORY_VARIABLE, dir.toString())))).isZero();

        assertThat(crl(ca.revocationListPath()).getRevokedCertificates()).hasSize(2);
        assertThat(dir.resolve("clerk-131016.crt")).doesNotExist();
        assertThat(dir.resolve("agency-nenkin.crt")).doesNotExist();
        // nothing left to revoke: a failure, and the list stays as it was
        assertThat(quietly(() -> DevPkiCommand.run(new String[] {"revoke", dir.toString(), "agency-nenkin"}, Map.of())))
                .isEqualTo(1);
        assertThat(crl(ca.revocationListPath()).getRevokedCertificates()).hasSize(2);
    }

    @Test
    void theCommandDoesNotCreateACaToRevokeIn(@TempDir Path empty) {
        assertThat(quietly(() -> DevPkiCommand.run(new String[] {"revoke", empty.toString(), "clerk-131016"}, Map.of())))
                .isEqualTo(2);
        assertThat(empty.resolve("ca.crt")).doesNotExist();
    }

    private static X509CRL crl(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }

    private static int quietly(java.util.function.IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(sink));
            System.setErr(new PrintStream(sink));
            return command.getAsInt();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
