package jp.jukinet.window.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.copy.RecordCopyItem;
import jp.jukinet.model.copy.RecordCopyRequest;
import jp.jukinet.web.JapaneseDates;
import jp.jukinet.web.JsonView;
import jp.jukinet.window.account.Clerk;
import jp.jukinet.window.gateway.CsClients;
import jp.jukinet.window.gateway.CsRefusal;

/**
 * 住民票の写しの広域交付: the clerk enters the holder municipality, the person's 住民票コード and the
 * requester as read from the identity document they checked, chooses the optional items, and gets
 * the copy (a print view) or the refusal, which says the same for every reason as the law wants. The
 * copies recorded at this municipality (issued here, or asked of it by others) are listed below.
 */
@Controller
@RequestMapping("/copies")
class CopiesController {

    private final CsClients clients;

    CopiesController(CsClients clients) {
        this.clients = clients;
    }

    @GetMapping
    String copies(@AuthenticationPrincipal Clerk clerk, Model model) {
        return page(clerk, model, new FieldProblems());
    }

    @PostMapping
    String issue(@RequestParam(name = "holder", required = false) String holder,
                 @RequestParam(name = "residentCode", required = false) String residentCode,
                 @RequestParam(name = "requesterResidentCode", required = false) String requesterResidentCode,
                 @RequestParam(name = "requesterFamily", required = false) String requesterFamily,
                 @RequestParam(name = "requesterGiven", required = false) String requesterGiven,
                 @RequestParam(name = "requesterDateOfBirth", required = false) String requesterDateOfBirth,
                 @RequestParam(name = "identityDocument", required = false) String identityDocument,
                 @RequestParam(name = "include", required = false) List<String> include,
                 @AuthenticationPrincipal Clerk clerk, Model model, HttpServletResponse response) {
        FieldProblems problems = new FieldProblems();
        ObjectNode order = JsonNodeFactory.instance.objectNode();
        code(problems, "holder", holder, typed -> order.put("holder", LocalGovernmentCode.of(typed).value()));
        code(problems, "residentCode", residentCode, typed -> order.put("residentCode", ResidentCode.of(typed).value()));
        ObjectNode requester = order.putObject("requester");
        code(problems, "requesterResidentCode", requesterResidentCode,
                typed -> requester.put("residentCode", ResidentCode.of(typed).value()));
        text(problems, "requesterFamily", requesterFamily, requester, "family");
        text(problems, "requesterGiven", requesterGiven, requester, "given");
        if (requesterDateOfBirth == null || requesterDateOfBirth.isBlank()) {
            problems.required("requesterDateOfBirth");
        } else {
            try {
                LocalDate born = JapaneseDates.parse(requesterDateOfBirth.strip());
                requester.put("dateOfBirth", born.toString());
            } catch (DateTimeParseException e) {
                problems.invalid("requesterDateOfBirth", e.getMessage());
            }
        }
        try {
            requester.put("identityDocument", RecordCopyRequest.IdentityDocument.valueOf(String.valueOf(identityDocument)).name());
        } catch (IllegalArgumentException e) {
            problems.required("identityDocument");
        }
        ArrayNode items = order.putArray("include");
        if (include != null) {
            for (String item : include) {
                try {
                    items.add(RecordCopyItem.valueOf(item).name());
                } catch (IllegalArgumentException e) {
                    problems.invalid("include", item);
                }
            }
        }
        model.addAttribute("typed", java.util.Map.of("holder", nz(holder), "residentCode", nz(residentCode),
                "requesterResidentCode", nz(requesterResidentCode), "requesterFamily", nz(requesterFamily),
                "requesterGiven", nz(requesterGiven), "requesterDateOfBirth", nz(requesterDateOfBirth),
                "identityDocument", nz(identityDocument), "include", include == null ? List.of() : include));
        if (!problems.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return page(clerk, model, problems);
        }
        try {
            JsonNode issued = clients.of(clerk.municipality()).issueCopy(order);
            model.addAttribute("issued", JsonView.of(issued));
            return "window/copy";
        } catch (CsRefusal refusal) {
            String field = refusal.field() == null ? FieldProblems.FORM
                    : refusal.field().startsWith("requester.") ? "requester" + capitalised(refusal.field().substring(10))
                    : refusal.field();
            problems.add(new FieldProblems.Problem(field, refusal.isType("not-issuable") ? "copy.notIssuable"
                    : "refused." + refusal.status(), refusal.detail()));
            response.setStatus(refusal.status());
            return page(clerk, model, problems);
        }
    }

    private String page(Clerk clerk, Model model, FieldProblems problems) {
        model.addAttribute("problems", problems);
        model.addAttribute("log", JsonView.of(clients.of(clerk.municipality()).copies()));
        model.addAttribute("documents", RecordCopyRequest.IdentityDocument.values());
        model.addAttribute("items", RecordCopyItem.values());
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", java.util.Map.of("include", List.of()));
        }
        return "window/copies";
    }

    private static void code(FieldProblems problems, String field, String typed, java.util.function.Consumer<String> put) {
        if (typed == null || typed.isBlank()) {
            problems.required(field);
            return;
        }
        try {
            put.accept(typed.strip());
        } catch (InvalidValueException e) {
            problems.invalid(field, e.reason());
        }
    }

    private static void text(FieldProblems problems, String field, String typed, ObjectNode into, String name) {
        if (typed == null || typed.isBlank()) {
            problems.required(field);
        } else {
            into.put(name, typed.strip());
        }
    }

    private static String capitalised(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }
}
