package jp.jukinet.window.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.web.JapaneseDates;
import jp.jukinet.window.WindowSettings;
import jp.jukinet.window.account.Clerk;
import jp.jukinet.window.gateway.CsRefusal;
import jp.jukinet.window.gateway.CsUnavailable;

/**
 * What every page of the window knows: the signed-in clerk and their municipality, and the 届出 the
 * counter takes; and what a page shows when the CS refuses or cannot be reached.
 */
@ControllerAdvice(basePackageClasses = ClerkModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClerkModel {

    private static final Logger log = LoggerFactory.getLogger(ClerkModel.class);

    private static final JapaneseDates.Pages DATES = new JapaneseDates.Pages();

    private final WindowSettings settings;

    ClerkModel(WindowSettings settings) {
        this.settings = settings;
    }

    @ModelAttribute
    void common(@AuthenticationPrincipal Clerk clerk, Model model) {
        model.addAttribute("todokes", Todoke.values());
        model.addAttribute("dates", DATES);
        model.addAttribute("portalConfigured", settings.portal() != null);
        if (clerk != null) {
            model.addAttribute("clerk", clerk);
            model.addAttribute("municipalityName", settings.name(clerk.municipality()));
        }
    }

    /** The gateway or the CS did not answer: nothing is known to be registered; the same form may be sent again. */
    @ExceptionHandler(CsUnavailable.class)
    String unavailable(CsUnavailable e, HttpServletResponse response) {
        log.warn("the CS could not be reached: {}", e.getMessage());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        return "window/unavailable";
    }

    /** A page the CS refused to fill (a resident of another municipality: 404, never their data). */
    @ExceptionHandler(CsRefusal.class)
    String refused(CsRefusal refusal, Model model, HttpServletResponse response) {
        response.setStatus(refusal.status() >= 400 && refusal.status() < 600 ? refusal.status() : 502);
        model.addAttribute("refusal", refusal);
        return "window/refused";
    }
}
