package jp.jukinet.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.springframework.boot.ssl.pem.PemContent;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.portal.enrolment.ActivateResident;
import jp.jukinet.web.ActivationSlip;

/**
 * The demo resident's credential: the sample resident's 利用登録用紙 (the slip a window prints, signed with
 * the municipality's clerk key, {@link ActivationSlip}), kept in {@code var/secrets/demo-resident.slip}.
 * With its link and their date of birth the resident enrols at the portal and registers a passkey, which
 * signs them in from then on. A slip is used once: while it is unused (and has a day left) every start
 * prints the same link; once the resident has enrolled, the ready block says to sign in with the passkey;
 * a slip spent without a passkey, used up by wrong dates of birth or about to expire is replaced.
 */
final class DemoResident {

    static final String SLIP_FILE = "demo-resident.slip";
    /** A slip with less than this left is replaced: a printed link should still work tomorrow. */
    private static final Duration MARGIN = Duration.ofDays(1);

    /** What the ready block prints for the sample resident: the link to enrol with, or that they have. */
    record Credential(String residentCode, LocalDate dateOfBirth, String activationLink, boolean enrolled) {

        @Override
        public String toString() {
            return "Credential[enrolled=" + enrolled + "]"; // the code and the link are personal
        }
    }

    private DemoResident() {
    }

    /**
     * The sample resident's credential, issuing (and keeping) a new slip where the kept one cannot enrol.
     *
     * @param pki        the cluster's certificates: {@code ca.crt} and the clerk key of {@code municipality}
     * @param activation the portal's activation, which knows whether a slip was used
     */
    static Credential ensure(ClusterSecrets secrets, Path pki, ActivateResident activation, String portalBaseUrl,
                             ResidentCode resident, LocalDate dateOfBirth, LocalGovernmentCode municipality, Instant now) {
        Optional<String> kept = secrets.stored(SLIP_FILE)
                .filter(compact -> usable(compact, pki, resident, now));
        if (kept.isPresent()) {
            ActivationSlip slip = ActivationSlip.verify(kept.get(), certificate(pki, "ca.crt"), revocations(pki), now);
            switch (activation.state(slip.slipId())) {
                case UNUSED -> {
                    return new Credential(resident.value(), dateOfBirth, link(portalBaseUrl, kept.get()), false);
                }
                case ENROLLED -> {
                    return new Credential(resident.value(), dateOfBirth, null, true);
                }
                case SPENT -> { } // a new slip below
            }
        }
        String lg = "clerk-" + municipality.value();
        String signed = ActivationSlip.issue(resident, municipality, now)
                .sign(pem(pki, lg + ".key").getPrivateKey(), certificate(pki, lg + ".crt"));
        secrets.replace(SLIP_FILE, signed);
        return new Credential(resident.value(), dateOfBirth, link(portalBaseUrl, signed), false);
    }

    /** Whether the kept slip verifies, names {@code resident}, and has a day left. */
    private static boolean usable(String compact, Path pki, ResidentCode resident, Instant now) {
        try {
            ActivationSlip slip = ActivationSlip.verify(compact, certificate(pki, "ca.crt"), revocations(pki), now);
            return slip.residentCode().equals(resident) && slip.expiresAt().isAfter(now.plus(MARGIN));
        } catch (InvalidValueException e) {
            return false; // another network's CA, a revoked clerk key, a damaged file: a new slip
        }
    }

    static String link(String portalBaseUrl, String compact) {
        return portalBaseUrl + "/activate?slip=" + URLEncoder.encode(compact, StandardCharsets.UTF_8);
    }

    /** The CA's revocation list, as the portal reads it: a slip signed with a revoked clerk key is not kept. */
    private static X509CRL revocations(Path pki) {
        Path crl = pki.resolve("ca.crl");
        if (!Files.exists(crl)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(crl)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new ClusterException("cannot read " + crl + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(Path pki, String file) {
        return pem(pki, file).getCertificates().get(0);
    }

    private static PemContent pem(Path pki, String file) {
        try {
            return PemContent.of(Files.readString(pki.resolve(file)));
        } catch (IOException e) {
            throw new ClusterException("cannot read " + pki.resolve(file) + ": " + e.getMessage(), e);
        }
    }
}
