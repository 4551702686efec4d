package jp.jukinet.portal.pages;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.portal.enrolment.PortalResident;
import jp.jukinet.portal.enrolment.PortalResidents;
import jp.jukinet.portal.gateway.GatewayRefusal;
import jp.jukinet.portal.gateway.ResidentGateway;
import jp.jukinet.portal.gateway.ResidentGateways;

/**
 * The resident a signed-in session stands for, from the session alone: the passkey's user, the
 * resident enrolled under it, and the gateway as that resident. A page never takes a resident code
 * from the browser, so no URL reaches another resident's data.
 */
@Component
class CurrentResident {

    private final PortalResidents residents;
    private final ResidentGateways gateways;

    CurrentResident(PortalResidents residents, ResidentGateways gateways) {
        this.residents = residents;
        this.gateways = gateways;
    }

    ResidentGateway gateway(Authentication authentication) {
        PortalResident resident = residents.findByUserName(authentication.getName()).filter(PortalResident::enrolled)
                .orElseThrow(() -> new IllegalStateException("a resident's session without an enrolled resident"));
        // the certificate was there at activation; revoked or removed since, the network cannot be asked as them
        return gateways.of(ResidentCode.of(resident.residentCode()))
                .orElseThrow(() -> new GatewayRefusalWithoutCertificate());
    }

    /** The resident's certificate is no longer in the portal's directory. */
    static final class GatewayRefusalWithoutCertificate extends RuntimeException {

        GatewayRefusalWithoutCertificate() {
            super("the resident's certificate is not available");
        }
    }

    /** Whether {@code refusal} means the network did not answer. */
    static boolean unavailable(GatewayRefusal refusal) {
        return refusal.status() == 503;
    }
}
