package jp.jukinet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.pki.IssuedCertificate;

/** A slip is taken only as its municipality's window signed it, in time, from a certificate still valid. */
class ActivationSlipTest {

    /** Now, after the test's certificates were issued (a certificate is not valid before it was). */
    private static Instant now() {
        return Instant.now();
    }
    private static final ResidentCode RESIDENT = ResidentCode.random(new Random(1));
    private static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");

    @TempDir
    Path directory;

    private DevCertificateAuthority ca() {
        return DevCertificateAuthority.openOrCreate(directory);
    }

    private static String signedBy(IssuedCertificate clerk, ActivationSlip slip) throws IOException {
        PrivateKey key = DevCertificateAuthority.readPrivateKey(clerk.privateKey());
        X509Certificate certificate = DevCertificateAuthority.readCertificate(clerk.certificate());
        return slip.sign(key, certificate);
    }

    private static InvalidValueException refusal(Runnable verify) {
        try {
            verify.run();
        } catch (InvalidValueException e) {
            assertThat(e.field()).isEqualTo("slip");
            return e;
        }
        throw new AssertionError("the slip was taken");
    }

    @Test
    void aSlipSignedByItsMunicipalitysClerkKeyIsTaken() throws IOException {
        DevCertificateAuthority ca = ca();
        IssuedCertificate clerk = ca.ensureIssued(new Identity("clerk-131016"));
        ActivationSlip issued = ActivationSlip.issue(RESIDENT, CHIYODA, now());
        String compact = signedBy(clerk, issued);

        assertThat(ActivationSlip.verify(compact, ca.caCertificate(), null, now().plusSeconds(60))).isEqualTo(issued);
        assertThat(compact).doesNotContain(RESIDENT.value()); // base64url of the claims, not the code in clear
    }

    @Test
    void anotherMunicipalitysClerkCannotIssueIt() throws IOException {
        DevCertificateAuthority ca = ca();
        String compact = signedBy(ca.ensureIssued(new Identity("clerk-271004")),
                ActivationSlip.issue(RESIDENT, CHIYODA, now()));

        assertThat(refusal(() -> ActivationSlip.verify(compact, ca.caCertificate(), null, now())).reason())
                .contains("not signed by the municipality it names");
    }

    @Test
    void aChangedClaimBreaksTheSignature() throws IOException {
        DevCertificateAuthority ca = ca();
        String compact = signedBy(ca.ensureIssued(new Identity("clerk-131016")), ActivationSlip.issue(RESIDENT, CHIYODA, now()));
        String[] parts = compact.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        ResidentCode other = ResidentCode.random(new Random(2));
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.replace(RESIDENT.value(), other.value()).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(refusal(() -> ActivationSlip.verify(forged, ca.caCertificate(), null, now())).reason())
                .contains("signature");
    }

    @Test
    void aCertificateOfAnotherCaIsNotTheNetworks() throws IOException {
        DevCertificateAuthority network = ca();
        DevCertificateAuthority attacker = DevCertificateAuthority.openOrCreate(Files.createDirectory(directory.resolve("other")));
        String compact = signedBy(attacker.ensureIssued(new Identity("clerk-131016")),
                ActivationSlip.issue(RESIDENT, CHIYODA, now()));

        assertThat(refusal(() -> ActivationSlip.verify(compact, network.caCertificate(), null, now())).reason())
                .contains("valid certificate of the network");
    }

    @Test
    void anExpiredSlipAndARevokedSignerAreRefused() throws Exception {
        DevCertificateAuthority ca = ca();
        IssuedCertificate clerk = ca.ensureIssued(new Identity("clerk-131016"));
        String compact = signedBy(clerk, ActivationSlip.issue(RESIDENT, CHIYODA, now()));

        assertThat(refusal(() -> ActivationSlip.verify(compact, ca.caCertificate(), null,
                now().plus(ActivationSlip.VALIDITY))).reason()).contains("expired");

        ca.revoke(new Identity("clerk-131016"));
        X509CRL crl;
        try (InputStream in = Files.newInputStream(ca.revocationListPath())) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
        assertThat(refusal(() -> ActivationSlip.verify(compact, ca.caCertificate(), crl, now())).reason()).contains("revoked");
    }

    @Test
    void garbageIsNoSlip() {
        DevCertificateAuthority ca = ca();
        for (String garbage : new String[] {null, "", "a.b", "a.b.c", "eyJhbGciOiJub25lIn0.e30."}) {
            assertThatThrownBy(() -> ActivationSlip.verify(garbage, ca.caCertificate(), null, now()))
                    .isInstanceOf(InvalidValueException.class);
        }
    }
}
