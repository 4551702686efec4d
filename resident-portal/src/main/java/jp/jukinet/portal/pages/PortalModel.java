package jp.jukinet.portal.pages;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.portal.enrolment.PortalRole;
import jp.jukinet.portal.gateway.GatewayRefusal;
import jp.jukinet.web.JapaneseDates;

/** What every page knows (dates in the Japanese calendar), and what a page shows when the network refuses. */
@ControllerAdvice(basePackages = "jp.jukinet.portal")
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalModel {

    private static final Logger log = LoggerFactory.getLogger(PortalModel.class);
    private static final JapaneseDates.Pages DATES = new JapaneseDates.Pages();

    @ModelAttribute
    void common(Authentication authentication, Model model) {
        model.addAttribute("dates", DATES);
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        model.addAttribute("signedIn", signedIn);
        model.addAttribute("signedInResident", signedIn && authentication.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + PortalRole.RESIDENT.name()).equals(authority.getAuthority())));
    }

    @ExceptionHandler(GatewayRefusal.class)
    String refused(GatewayRefusal refusal, Model model, HttpServletResponse response) {
        log.warn("the network refused a resident's read: {}", refusal.status());
        response.setStatus(refusal.status() >= 400 && refusal.status() < 600 ? refusal.status() : 502);
        model.addAttribute("status", refusal.status());
        return "portal/refused";
    }

    @ExceptionHandler(CurrentResident.GatewayRefusalWithoutCertificate.class)
    String noCertificate(Model model, HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute("status", 0);
        return "portal/refused";
    }
}
