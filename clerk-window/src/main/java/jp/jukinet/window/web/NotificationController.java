package jp.jukinet.window.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

import jp.jukinet.window.account.Clerk;
import jp.jukinet.window.gateway.CsClients;
import jp.jukinet.window.gateway.CsRefusal;

/**
 * The 届出 forms: one page per {@link Todoke}, checked as the clerk types ({@code …/check/{field}}) and
 * again when sent, then registered at the clerk's own municipality's CS. A form sent back for a
 * correction keeps everything typed and its Idempotency-Key, so sending it again (or twice) registers
 * the 届出 once.
 */
@Controller
@RequestMapping("/todoke")
class NotificationController {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final CsClients clients;
    private final Clock clock;

    NotificationController(CsClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @GetMapping("/{slug}")
    String form(@PathVariable("slug") String slug, @RequestParam(name = "residentCode", required = false) String residentCode,
                Model model) {
        Todoke todoke = todoke(slug);
        NotificationForm empty = NotificationForm.empty(today());
        if (residentCode != null) {
            empty = new NotificationForm(empty.idempotencyKey(), residentCode, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, empty.notifiedDate());
        }
        return page(todoke, empty, new FieldProblems(), model);
    }

    @PostMapping("/{slug}")
    String submit(@PathVariable("slug") String slug, @ModelAttribute("form") NotificationForm form,
                  @AuthenticationPrincipal Clerk clerk, Model model, RedirectAttributes redirect,
                  HttpServletResponse response) {
        Todoke todoke = todoke(slug);
        if (form.idempotencyKey() == null || !form.idempotencyKey().matches("[0-9a-f-]{36}")) {
            // a form not opened here: a key of our own would make a second send a second registration
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            FieldProblems problems = new FieldProblems();
            problems.add(new FieldProblems.Problem(FieldProblems.FORM, "invalid.idempotencyKey", null));
            return page(todoke, NotificationForm.empty(today()), problems, model);
        }
        NotificationForm.Checked checked = form.check(todoke, today());
        if (!checked.ok()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return page(todoke, form, checked.problems(), model);
        }
        JsonNode result;
        try {
            result = clients.of(clerk.municipality()).register(form.idempotencyKey(), checked.body());
        } catch (CsRefusal refusal) {
            FieldProblems problems = new FieldProblems();
            String field = NotificationForm.formField(refusal.field());
            problems.add(new FieldProblems.Problem(field, "refused." + refusal.status(), refusal.detail()));
            response.setStatus(refusal.status() == 409 ? HttpStatus.CONFLICT.value() : HttpStatus.UNPROCESSABLE_ENTITY.value());
            return page(todoke, form, problems, model);
        }
        redirect.addFlashAttribute("registered", todoke.label());
        redirect.addFlashAttribute("changeId", result.path("changeId").asString());
        JsonNode move = result.path("move");
        if (todoke.printsCertificate() && move.hasNonNull("moveId")) {
            return "redirect:/moves/" + move.get("moveId").asString() + "/certificate";
        }
        return "redirect:/residents/" + result.path("residentCode").asString();
    }

    /**
     * The problems of one field as the clerk types (the page's script sends the whole form when a field
     * is left): a fragment to put beside it. A field left empty is not a problem yet.
     */
    @PostMapping("/{slug}/check/{field}")
    String check(@PathVariable("slug") String slug, @PathVariable("field") String field,
                 @ModelAttribute("form") NotificationForm form, Model model) {
        FieldProblems all = form.check(todoke(slug), today()).problems();
        FieldProblems problems = new FieldProblems();
        all.of(field).stream().filter(problem -> !problem.messageKey().startsWith("required.")).forEach(problems::add);
        model.addAttribute("problems", problems);
        model.addAttribute("field", field);
        return "window/fields :: problems";
    }

    private String page(Todoke todoke, NotificationForm form, FieldProblems problems, Model model) {
        model.addAttribute("todoke", todoke);
        model.addAttribute("form", form);
        model.addAttribute("typed", form.typed());
        model.addAttribute("problems", problems);
        return "window/todoke";
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(JAPAN));
    }

    private static Todoke todoke(String slug) {
        return Todoke.bySlug(slug).orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                HttpStatus.NOT_FOUND, "no such 届出"));
    }
}
