package jp.jukinet.window.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.web.JapaneseDates;
import jp.jukinet.web.JsonView;
import jp.jukinet.window.account.Clerk;
import jp.jukinet.window.gateway.CsClient;
import jp.jukinet.window.gateway.CsClients;
import jp.jukinet.window.gateway.CsRefusal;

/**
 * Finding a resident of the clerk's municipality (by 住民票コード, or by name and date of birth) and
 * their record: the identity information, the history of changes, the 除票 once removed, the moves
 * through the municipality, the household and the DV support measures, with the 届出 that can follow.
 * Everything is read from the CS at the moment it is shown; the CS answers for its own municipality
 * only, so another municipality's resident is "not found", never shown.
 */
@Controller
@RequestMapping("/residents")
class ResidentController {

    private final CsClients clients;

    ResidentController(CsClients clients) {
        this.clients = clients;
    }

    @GetMapping
    String search(@RequestParam(name = "residentCode", required = false) String residentCode,
                  @RequestParam(name = "family", required = false) String family,
                  @RequestParam(name = "given", required = false) String given,
                  @RequestParam(name = "dateOfBirth", required = false) String dateOfBirth,
                  @AuthenticationPrincipal Clerk clerk, Model model, HttpServletResponse response) {
        model.addAttribute("residentCode", residentCode);
        model.addAttribute("family", family);
        model.addAttribute("given", given);
        model.addAttribute("dateOfBirth", dateOfBirth);
        FieldProblems problems = new FieldProblems();
        model.addAttribute("problems", problems);
        if (residentCode != null && !residentCode.isBlank()) {
            try {
                return "redirect:/residents/" + ResidentCode.of(residentCode.strip()).value();
            } catch (InvalidValueException e) {
                problems.invalid("residentCode", e.reason());
                response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
                return "window/search";
            }
        }
        boolean byName = family != null && !family.isBlank() || given != null && !given.isBlank();
        if (!byName) {
            return "window/search";
        }
        LocalDate born = null;
        if (dateOfBirth != null && !dateOfBirth.isBlank()) {
            try {
                born = JapaneseDates.parse(dateOfBirth.strip());
            } catch (DateTimeParseException e) {
                problems.invalid("dateOfBirth", e.getMessage());
            }
        }
        if (family == null || family.isBlank()) {
            problems.required("family");
        }
        if (!problems.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return "window/search";
        }
        try {
            model.addAttribute("found", JsonView.of(clients.of(clerk.municipality()).search(family.strip(),
                    given == null || given.isBlank() ? null : given.strip(), born)));
        } catch (CsRefusal refusal) {
            problems.add(new FieldProblems.Problem(searchField(refusal.field()), "refused." + refusal.status(),
                    refusal.detail()));
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        }
        return "window/search";
    }

    @GetMapping("/{residentCode}")
    String resident(@PathVariable("residentCode") String residentCode, @AuthenticationPrincipal Clerk clerk, Model model) {
        ResidentCode code = code(residentCode);
        CsClient cs = clients.of(clerk.municipality());
        JsonNode resident = cs.resident(code);
        model.addAttribute("resident", JsonView.of(resident));
        model.addAttribute("household", JsonView.of(household(cs, code, resident)));
        return "window/resident";
    }

    /** Sets (replaces) the DV support measures: the restricted requesters' resident codes and the end date. */
    @PostMapping("/{residentCode}/dv-protection")
    String protect(@PathVariable("residentCode") String residentCode,
                   @RequestParam(name = "restrictedRequesters", required = false) String restricted,
                   @RequestParam(name = "endDate", required = false) String endDate,
                   @AuthenticationPrincipal Clerk clerk, RedirectAttributes redirect) {
        ResidentCode code = code(residentCode);
        FieldProblems problems = new FieldProblems();
        ObjectNode measures = JsonNodeFactory.instance.objectNode();
        var requesters = measures.putArray("restrictedRequesters");
        if (restricted != null) {
            for (String typed : restricted.split("[\\s,、，]+")) {
                if (!typed.isBlank()) {
                    try {
                        requesters.add(ResidentCode.of(typed.strip()).value());
                    } catch (InvalidValueException e) {
                        problems.invalid("restrictedRequesters", e.reason());
                    }
                }
            }
        }
        if (endDate == null || endDate.isBlank()) {
            problems.required("endDate");
        } else {
            try {
                measures.put("endDate", JapaneseDates.parse(endDate.strip()).toString());
            } catch (DateTimeParseException e) {
                problems.invalid("endDate", e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            try {
                clients.of(clerk.municipality()).setDvProtection(code, measures);
                redirect.addFlashAttribute("dvSaved", true);
            } catch (CsRefusal refusal) {
                problems.add(new FieldProblems.Problem(refusal.field() == null ? FieldProblems.FORM : refusal.field(),
                        "refused." + refusal.status(), refusal.detail()));
            }
        }
        if (!problems.isEmpty()) {
            redirect.addFlashAttribute("dvProblems", problems);
            redirect.addFlashAttribute("dvRestricted", restricted);
            redirect.addFlashAttribute("dvEndDate", endDate);
        }
        return "redirect:/residents/" + code.value() + "#dv";
    }

    @PostMapping("/{residentCode}/dv-protection/lift")
    String lift(@PathVariable("residentCode") String residentCode, @AuthenticationPrincipal Clerk clerk,
                RedirectAttributes redirect) {
        ResidentCode code = code(residentCode);
        clients.of(clerk.municipality()).liftDvProtection(code);
        redirect.addFlashAttribute("dvLifted", true);
        return "redirect:/residents/" + code.value() + "#dv";
    }

    /** The household, for a resident in force; none for a removed record (its household is no longer theirs). */
    private static JsonNode household(CsClient cs, ResidentCode code, JsonNode resident) {
        if (!"ACTIVE".equals(resident.path("status").asString())) {
            return null;
        }
        try {
            return cs.household(code);
        } catch (CsRefusal refusal) {
            if (refusal.status() == 404) {
                return null;
            }
            throw refusal;
        }
    }

    private static String searchField(String csField) {
        return csField == null ? FieldProblems.FORM : csField;
    }

    private static ResidentCode code(String typed) {
        try {
            return ResidentCode.of(typed);
        } catch (InvalidValueException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND, "no such resident");
        }
    }
}
