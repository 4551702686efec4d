package jp.jukinet.portal.pages;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.provision.ProvisionRecordPage;
import jp.jukinet.model.provision.ProvisionRecordView;
import jp.jukinet.portal.gateway.GatewayRefusal;
import jp.jukinet.portal.gateway.ResidentGateway;
import jp.jukinet.web.JapaneseDates;
import jp.jukinet.web.JsonView;

/**
 * A signed-in resident's pages: their identity information, who received it (provision records) for
 * a period they choose, newest first, as a page and as CSV, and their card-based move-out online.
 */
@Controller
class PortalController {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    /** Records on one page; the CSV holds up to {@value #CSV_LIMIT}. */
    static final int PAGE = 50;
    static final int CSV_LIMIT = 10_000;

    private final CurrentResident current;
    private final MessageSource messages;
    private final Clock clock;

    PortalController(CurrentResident current, MessageSource messages, Clock clock) {
        this.current = current;
        this.messages = messages;
        this.clock = clock;
    }

    /** The sign-in page: a passkey, or the way to enrol. */
    @GetMapping("/signin")
    String signIn() {
        return "portal/signin";
    }

    @GetMapping("/")
    String home(Authentication authentication, Model model) {
        model.addAttribute("identity", JsonView.of(current.gateway(authentication).ownIdentity()));
        return "portal/home";
    }

    @GetMapping("/records")
    String records(@RequestParam(name = "from", required = false) String from,
                   @RequestParam(name = "to", required = false) String to,
                   @RequestParam(name = "cursor", required = false) String cursor,
                   Authentication authentication, Model model, HttpServletResponse response, java.util.Locale locale) {
        Period period = period(from, to);
        model.addAttribute("from", period.from());
        model.addAttribute("to", period.to());
        if (period.problem() != null) {
            model.addAttribute("problem", period.problem());
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return "portal/records";
        }
        ProvisionRecordPage page = current.gateway(authentication).provisionRecords(period.from(), period.to(),
                cursor == null || cursor.isBlank() ? null : cursor, PAGE);
        model.addAttribute("records", page.records().stream().map(record -> new RecordLine(at(record.at()),
                messages.getMessage("recipient." + record.recipient(), null, record.recipient(), locale),
                record.recipient(), record.basis(), record.task(), fields(record, messages, locale),
                String.valueOf(record.outcome()), "outcome." + record.outcome())).toList());
        model.addAttribute("next", page.next());
        return "portal/records";
    }

    @GetMapping(path = "/records.csv")
    ResponseEntity<byte[]> recordsCsv(@RequestParam(name = "from", required = false) String from,
                                      @RequestParam(name = "to", required = false) String to,
                                      Authentication authentication, java.util.Locale locale) {
        Period period = period(from, to);
        if (period.problem() != null) {
            return ResponseEntity.unprocessableEntity().contentType(MediaType.TEXT_PLAIN)
                    .body(messages.getMessage(period.problem(), null, locale).getBytes(StandardCharsets.UTF_8));
        }
        ResidentGateway gateway = current.gateway(authentication);
        List<ProvisionRecordView> all = new ArrayList<>();
        String cursor = null;
        do {
            ProvisionRecordPage page = gateway.provisionRecords(period.from(), period.to(), cursor, 1000);
            all.addAll(page.records());
            cursor = page.next();
        } while (cursor != null && all.size() < CSV_LIMIT);
        String csv = ProvisionRecordsCsv.write(all.size() > CSV_LIMIT ? all.subList(0, CSV_LIMIT) : all, messages, locale);
        String name = "teikyo-" + period.from() + "-" + period.to() + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/move-out")
    String moveOutPage(Authentication authentication, Model model) {
        model.addAttribute("identity", JsonView.of(current.gateway(authentication).ownIdentity()));
        model.addAttribute("idempotencyKey", java.util.UUID.randomUUID().toString());
        return "portal/move-out";
    }

    @PostMapping("/move-out")
    String moveOut(@RequestParam(name = "idempotencyKey", required = false) String idempotencyKey,
                   @RequestParam(name = "destinationMunicipality", required = false) String destination,
                   @RequestParam(name = "destinationAddress", required = false) String address,
                   @RequestParam(name = "plannedDate", required = false) String plannedDate,
                   Authentication authentication, Model model, HttpServletResponse response) {
        ResidentGateway gateway = current.gateway(authentication);
        IdentityInformation identity = gateway.ownIdentity();
        model.addAttribute("identity", JsonView.of(identity));
        model.addAttribute("idempotencyKey", idempotencyKey);
        model.addAttribute("typed", java.util.Map.of("destinationMunicipality", nz(destination),
                "destinationAddress", nz(address), "plannedDate", nz(plannedDate)));
        List<String> problems = new ArrayList<>();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode to = body.putObject("destination");
        try {
            to.put("municipality", LocalGovernmentCode.of(nz(destination).strip()).value());
        } catch (InvalidValueException e) {
            problems.add("moveOut.problem.destinationMunicipality");
        }
        try {
            to.putObject("address").put("text", new Address(nz(address).strip()).text());
        } catch (InvalidValueException e) {
            problems.add("moveOut.problem.destinationAddress");
        }
        try {
            LocalDate planned = JapaneseDates.parse(nz(plannedDate).strip());
            LocalDate today = LocalDate.now(clock.withZone(JAPAN));
            if (planned.isBefore(today) || planned.isAfter(today.plusDays(14))) {
                problems.add("moveOut.problem.plannedDateRange");
            }
            body.put("effectiveDate", planned.toString());
        } catch (DateTimeParseException e) {
            problems.add("moveOut.problem.plannedDate");
        }
        if (idempotencyKey == null || !idempotencyKey.matches("[0-9a-f-]{36}")) {
            problems.add("moveOut.problem.stale");
        }
        if (!problems.isEmpty()) {
            model.addAttribute("problems", problems);
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return "portal/move-out";
        }
        try {
            JsonNode move = gateway.moveOut(identity.municipality(), idempotencyKey, body);
            model.addAttribute("move", JsonView.of(move));
            return "portal/moved-out";
        } catch (GatewayRefusal refusal) {
            model.addAttribute("problems", List.of("refused." + refusal.status()));
            model.addAttribute("detail", refusal.detail());
            response.setStatus(CurrentResident.unavailable(refusal) ? 503 : HttpStatus.UNPROCESSABLE_ENTITY.value());
            return "portal/move-out";
        }
    }

    /** A period to read records for: [from, to], Japan time; the last 90 days when none is given. */
    private Period period(String from, String to) {
        LocalDate today = LocalDate.now(clock.withZone(JAPAN));
        try {
            LocalDate last = to == null || to.isBlank() ? today : JapaneseDates.parse(to.strip());
            LocalDate first = from == null || from.isBlank() ? last.minusDays(90) : JapaneseDates.parse(from.strip());
            if (first.isAfter(last)) {
                return new Period(first, last, "records.fromAfterTo");
            }
            return new Period(first, last, null);
        } catch (DateTimeParseException e) {
            return new Period(today.minusDays(90), today, "records.badDate");
        }
    }

    private record Period(LocalDate from, LocalDate to, String problem) {
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    /** When a record was made, in Japan time, as the page and the CSV show it. */
    static String at(java.time.Instant at) {
        return ZonedDateTime.ofInstant(at, JAPAN).format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"));
    }

    static String fields(ProvisionRecordView record, MessageSource messages, java.util.Locale locale) {
        return record.fields().stream().map(field -> messages.getMessage("identityField." + field.name(), null,
                field.name(), locale)).collect(Collectors.joining("、"));
    }
}
