package jp.jukinet.portal.enrolment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.portal.PortalSettings;
import jp.jukinet.portal.gateway.GatewayRefusal;
import jp.jukinet.portal.gateway.ResidentGateway;
import jp.jukinet.portal.gateway.ResidentGateways;
import jp.jukinet.web.ActivationSlip;

/**
 * Activation: a resident brings the slip their municipality's window signed, and their date of birth.
 * The slip must verify ({@link ActivationSlip#verify}), be unused and not used up by wrong dates of
 * birth; the resident must hold a certificate of their own; and J-LIS, asked under that certificate,
 * must know them as in force at the slip's municipality with that date of birth. Then the portal
 * creates their passkeys' user, and the slip is spent.
 */
@Service
public class ActivateResident {

    /** Why an activation failed: the message key the page shows. */
    public enum Failure {
        SLIP_INVALID,
        SLIP_USED,
        NO_CERTIFICATE,
        NOT_MATCHING,
        /** J-LIS could not be asked: nothing is counted against the slip. */
        UNAVAILABLE
    }

    /** An activation that did not succeed; {@code detail} only for the slip's own checks (it quotes nothing personal). */
    public static final class Refused extends RuntimeException {

        private final Failure failure;

        Refused(Failure failure, String detail) {
            super(detail);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** Where a slip stands at the portal. */
    public enum SlipState {
        /** Not used: it can enrol its resident. */
        UNUSED,
        /** Used, and the resident it enrolled registered a passkey. */
        ENROLLED,
        /** Used without a passkey registered, or used up by wrong dates of birth: it enrols no one now. */
        SPENT
    }

    private final PortalSettings settings;
    private final PortalResidents residents;
    private final SlipFailures failures;
    private final ResidentGateways gateways;
    private final Clock clock;

    ActivateResident(PortalSettings settings, PortalResidents residents, SlipFailures failures, ResidentGateways gateways,
                     Clock clock) {
        this.settings = settings;
        this.residents = residents;
        this.failures = failures;
        this.gateways = gateways;
        this.clock = clock;
    }

    /**
     * @return the enrolling resident, whose passkeys' user is {@link PortalResident#userName()}
     * @throws Refused saying which check failed (a failure is counted against the slip in its own
     *                 transaction: this method has none, so a refusal cannot roll the count back)
     */
    public PortalResident activate(String compactSlip, LocalDate dateOfBirth) {
        ActivationSlip slip;
        try {
            slip = ActivationSlip.verify(compactSlip, ca(), revocations(), clock.instant());
        } catch (InvalidValueException e) {
            throw new Refused(Failure.SLIP_INVALID, e.reason());
        }
        if (residents.existsBySlipId(slip.slipId()) || failures.usedUp(slip.slipId())) {
            throw new Refused(Failure.SLIP_USED, null);
        }
        ResidentGateway gateway = gateways.of(slip.residentCode())
                .orElseThrow(() -> new Refused(Failure.NO_CERTIFICATE, null));
        IdentityInformation identity;
        try {
            identity = gateway.ownIdentity();
        } catch (GatewayRefusal refusal) {
            if (refusal.status() == 503 || refusal.status() == 429) {
                throw new Refused(Failure.UNAVAILABLE, null);
            }
            failures.failed(slip.slipId(), clock.instant());
            throw new Refused(Failure.NOT_MATCHING, null);
        }
        if (!identity.dateOfBirth().equals(dateOfBirth) || !identity.municipality().equals(slip.municipality())
                || identity.status() != ResidentStatus.ACTIVE) {
            failures.failed(slip.slipId(), clock.instant());
            throw new Refused(Failure.NOT_MATCHING, null);
        }
        try {
            return residents.saveAndFlush(new PortalResident(slip.residentCode().value(), slip.municipality().value(),
                    slip.slipId(), clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw new Refused(Failure.SLIP_USED, null); // the same slip, at the same moment, in another tab
        }
    }

    /** Where the slip with id {@code slipId} stands (whether it verifies is {@link #activate}'s question). */
    @Transactional(readOnly = true)
    public SlipState state(UUID slipId) {
        return residents.findBySlipId(slipId)
                .map(resident -> resident.enrolled() ? SlipState.ENROLLED : SlipState.SPENT)
                .orElseGet(() -> failures.usedUp(slipId) ? SlipState.SPENT : SlipState.UNUSED);
    }

    private X509Certificate ca() {
        try (InputStream in = Files.newInputStream(settings.tlsDirectory().resolve("ca.crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ca.crt is not a certificate", e);
        }
    }

    /** The CA's revocation list, read at each activation (a revoked clerk key stops signing slips at once). */
    private X509CRL revocations() {
        Path crl = settings.tlsDirectory().resolve("ca.crl");
        if (!Files.exists(crl)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(crl)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            // fail closed: a list that cannot be read takes no slip
            throw new Refused(Failure.SLIP_INVALID, "the revocation list cannot be read");
        }
    }
}
