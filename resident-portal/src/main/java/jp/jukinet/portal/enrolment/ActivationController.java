package jp.jukinet.portal.enrolment;

import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.web.JapaneseDates;

/**
 * The way in for a resident who has no passkey yet: the slip from their municipality's window (its
 * link opens {@code /activate?slip=…}) and their date of birth, then one passkey registered on their
 * device. The session is signed in for that registration only ({@code ENROLLING}); once a passkey is
 * stored it is a resident's ({@code RESIDENT}), and from then on the passkey signs them in.
 */
@Controller
class ActivationController {

    private final ActivateResident activation;
    private final PortalResidents residents;
    private final PublicKeyCredentialUserEntityRepository userEntities;
    private final UserCredentialRepository credentials;
    private final SecurityContextRepository contexts;
    private final Clock clock;

    ActivationController(ActivateResident activation, PortalResidents residents,
                         PublicKeyCredentialUserEntityRepository userEntities, UserCredentialRepository credentials,
                         SecurityContextRepository contexts, Clock clock) {
        this.activation = activation;
        this.residents = residents;
        this.userEntities = userEntities;
        this.credentials = credentials;
        this.contexts = contexts;
        this.clock = clock;
    }

    @GetMapping("/activate")
    String activatePage(@RequestParam(name = "slip", required = false) String slip, Model model) {
        model.addAttribute("slip", slip == null ? "" : slip);
        return "portal/activate";
    }

    @PostMapping("/activate")
    String activate(@RequestParam(name = "slip", required = false) String slip,
                    @RequestParam(name = "dateOfBirth", required = false) String dateOfBirth, Model model,
                    HttpServletRequest request, HttpServletResponse response) {
        model.addAttribute("slip", slip == null ? "" : slip);
        model.addAttribute("dateOfBirth", dateOfBirth == null ? "" : dateOfBirth);
        if (slip == null || slip.isBlank()) {
            return refused("activate.noSlip", null, model, response);
        }
        java.time.LocalDate born;
        try {
            born = JapaneseDates.parse(dateOfBirth == null ? "" : dateOfBirth.strip());
        } catch (DateTimeParseException e) {
            return refused("activate.badDate", null, model, response);
        }
        PortalResident resident;
        try {
            resident = activation.activate(slip, born);
        } catch (ActivateResident.Refused refused) {
            return refused("activate." + refused.failure().name(), refused.failure() == ActivateResident.Failure.SLIP_INVALID
                    ? refused.getMessage() : null, model, response);
        }
        signIn(resident.userName(), PortalRole.ENROLLING, request, response);
        return "redirect:/enrol";
    }

    @GetMapping("/enrol")
    String enrolPage() {
        return "portal/enrol";
    }

    /** The page's script says a passkey was registered: the portal checks that it was, and the resident is enrolled. */
    @PostMapping("/enrolled")
    @Transactional
    String enrolled(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        PublicKeyCredentialUserEntity user = userEntities.findByUsername(authentication.getName());
        if (user == null || credentials.findByUserId(user.getId()).isEmpty()) {
            return "redirect:/enrol?noPasskey";
        }
        PortalResident resident = residents.findByUserName(authentication.getName())
                .orElseThrow(() -> new IllegalStateException("an enrolling session without its resident"));
        resident.enrolledAt(clock.instant());
        signIn(resident.userName(), PortalRole.RESIDENT, request, response);
        return "redirect:/?enrolled";
    }

    private String refused(String messageKey, String detail, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        model.addAttribute("problem", messageKey);
        model.addAttribute("detail", detail);
        return "portal/activate";
    }

    /** Signs the session in as {@code userName} with {@code role}, on a new session id. */
    private void signIn(String userName, PortalRole role, HttpServletRequest request, HttpServletResponse response) {
        request.getSession(true);
        request.changeSessionId();
        Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(userName, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
