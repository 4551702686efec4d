package jp.jukinet.cs.registration;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.moves.MoveView;
import jp.jukinet.cs.moves.Moves;
import jp.jukinet.cs.protection.DvProtections;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.move.DvProtection;
import jp.jukinet.service.register.HistoryEntry;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.web.Refusal;

/** The clerks' API of the CS. */
@RestController
@RequestMapping("/api/v1/municipalities/{lg}")
class NotificationsController {

    private final RegisterNotification registration;
    private final RegisterNotificationBatch batch;
    private final ResidentRegister register;
    private final CsSettings settings;
    private final Moves moves;
    private final DvProtections protections;

    NotificationsController(RegisterNotification registration, RegisterNotificationBatch batch, ResidentRegister register,
                            CsSettings settings, Moves moves, DvProtections protections) {
        this.registration = registration;
        this.batch = batch;
        this.register = register;
        this.settings = settings;
        this.moves = moves;
        this.protections = protections;
    }

    @Operation(summary = "Register a notification (届出)",
            description = "BIRTH, MOVE_IN, MOVE_IN_FROM_ABROAD, MOVE_WITHIN, MOVE_OUT, MOVE_OUT_ABROAD, DEATH, "
                    + "NAME_CHANGE, CORRECTION, RESIDENT_CODE_CHANGE or MY_NUMBER_CHANGE. MOVE_OUT (転出届) names the "
                    + "destination {municipality, address} and effectiveDate is the planned date: the record is removed "
                    + "(消除, 転出, kept as a 除票) and the removal goes up the chain; with cardBased true (特例転出 / "
                    + "付記転出届, 第24条の2) the 転出証明書情報 goes to the destination's CS, otherwise the clerk prints "
                    + "the 転出証明書 (GET …/moves/{moveId}/certificate); the answer carries the move. MOVE_IN (転入届) "
                    + "names the residentCode of a person whose 転出証明書情報 has reached this CS (optionally moveId, "
                    + "person.address; cardPresented true after a card-based move-out), or carries moveOutCertificate, "
                    + "the contents of a paper 転出証明書, checked against J-LIS's record of the removal (400 naming the "
                    + "item that differs, 409 until the removal has reached J-LIS); it registers the person with the "
                    + "same resident code and My Number. The same Idempotency-Key with the same request gives the same "
                    + "answer and one change.")
    @PostMapping("/notifications")
    ResponseEntity<RegistrationResult> register(@PathVariable("lg") LocalGovernmentCode lg,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody NotificationRequest request) {
        RegistrationResult result = registration.register(lg, idempotencyKey, request);
        return ResponseEntity.created(URI.create("/api/v1/municipalities/" + lg.value() + "/residents/"
                + result.residentCode().value())).body(result);
    }

    @Operation(summary = "Register many notifications: NDJSON in, NDJSON out, streamed",
            description = "One notification per line, as POST …/notifications takes it, with its Idempotency-Key in the "
                    + "property idempotencyKey. One answer line per notification, in order: {line, idempotencyKey, status, "
                    + "result | problem}. A refused line changes nothing and does not spoil the others; an answer line "
                    + "is written once its change is committed. New residents are numbered together, so a municipality's "
                    + "system (or an initial load) registers thousands a second.")
    @PostMapping(path = "/notifications/batch", consumes = RegisterNotificationBatch.NDJSON,
            produces = RegisterNotificationBatch.NDJSON)
    void registerBatch(@PathVariable("lg") LocalGovernmentCode lg, jakarta.servlet.http.HttpServletRequest request,
                       jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
        response.setContentType(RegisterNotificationBatch.NDJSON);
        response.setCharacterEncoding("UTF-8");
        batch.register(lg, request.getInputStream(), response.getOutputStream());
    }

    /**
     * A resident with their history, as the clerk sees it, with their moves through this
     * municipality and the DV support measures recorded here (absent when none).
     */
    record ResidentView(ResidentCode residentCode, MyNumber myNumber, PersonData person, ResidentStatus status,
                        LocalGovernmentCode municipality, ChangeInformation change, List<HistoryItem> history,
                        List<MoveView> moves, DvProtection dvProtection) {

        @Override
        public String toString() {
            return "ResidentView[residentCode=" + residentCode + "]";
        }
    }

    /** One change in a resident's history, with the 異動事由 in Japanese. */
    record HistoryItem(java.util.UUID changeId, String reason, String reasonLabel, java.time.LocalDate effectiveDate,
                       java.time.LocalDate notifiedDate, java.time.Instant recordedAt, ResidentCode residentCode) {
    }

    @Operation(summary = "A resident of this municipality, with their history")
    @GetMapping("/residents/{residentCode}")
    ResidentView resident(@PathVariable("lg") LocalGovernmentCode lg,
                          @PathVariable("residentCode") ResidentCode residentCode) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
        IdentityInformation current = register.find(residentCode)
                .filter(found -> found.municipality().equals(settings.municipality()))
                .orElseThrow(() -> Refusal.notFound("residentCode",
                        "no resident with this resident code is registered at " + settings.municipality().value()));
        List<HistoryItem> history = register.history(current.residentCode()).stream()
                .map(NotificationsController::item).toList();
        List<MoveView> residentMoves = new java.util.ArrayList<>();
        moves.outgoing(current.residentCode(), 50).forEach(move -> residentMoves.add(move.view()));
        moves.incoming(current.residentCode(), 50).forEach(move -> residentMoves.add(move.view()));
        return new ResidentView(current.residentCode(), current.myNumber(),
                new PersonData(current.name(), current.dateOfBirth(), current.sex(), current.address()),
                current.status(), current.municipality(), current.change(), history, residentMoves,
                protections.find(current.residentCode()).orElse(null));
    }

    private static HistoryItem item(HistoryEntry entry) {
        return new HistoryItem(entry.changeId(), entry.reason().name(), entry.reason().japaneseLabel(),
                entry.effectiveDate(), entry.notifiedDate(), entry.recordedAt(), entry.identity().residentCode());
    }
}
