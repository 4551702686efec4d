package jp.jukinet.cs.moves;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.move.PaperMoveOutCertificate;
import jp.jukinet.service.web.Refusal;

/**
 * The clerks' view of moves, the 転出証明書 of an ordinary move-out, and the cancellation of a
 * move-out (転出取消).
 */
@RestController
@RequestMapping("/api/v1/municipalities/{lg}/moves")
class MovesController {

    private static final int LIMIT = 200;

    private final CsSettings settings;
    private final Moves moves;
    private final CancelMoveOut cancellation;
    private final MoveOutCertificates certificates;

    MovesController(CsSettings settings, Moves moves, CancelMoveOut cancellation, MoveOutCertificates certificates) {
        this.settings = settings;
        this.moves = moves;
        this.cancellation = cancellation;
        this.certificates = certificates;
    }

    /**
     * Moves out of and into this municipality, newest first, and the move messages that need a
     * clerk's attention.
     */
    record MovesView(List<MoveView> outgoing, List<MoveView> incoming, List<Moves.Anomaly> anomalies) {
    }

    @Operation(summary = "Moves out of and into this municipality, and move messages needing attention",
            description = "Newest first, at most 200 of each; residentCode narrows to one person. An anomaly is a "
                    + "message that matched nothing here or came after the move had ended (e.g. a 転入通知 for a "
                    + "person this municipality never had): it changed nothing.")
    @GetMapping
    MovesView moves(@PathVariable("lg") LocalGovernmentCode lg,
                    @RequestParam(name = "residentCode", required = false) ResidentCode residentCode) {
        requireThisMunicipality(lg);
        return new MovesView(moves.outgoing(residentCode, LIMIT).stream().map(OutgoingMove::view).toList(),
                moves.incoming(residentCode, LIMIT).stream().map(IncomingMove::view).toList(),
                moves.anomalies(residentCode, LIMIT));
    }

    @Operation(summary = "The 転出証明書 of an ordinary move-out, as JSON",
            description = "The contents of the paper the person carries to the destination, whose clerk enters them "
                    + "with the 転入届 (MOVE_IN, field moveOutCertificate). With Accept: application/pdf the printable "
                    + "paper in Japanese, carrying the same JSON machine-readably (an encoded block, a PDF417 code and an "
                    + "attached file). 404 for an unknown move; 409 for a card-based move-out (特例転出: its information "
                    + "travels over the network) or one no longer pending.")
    @GetMapping(path = "/{moveId}/certificate", produces = MediaType.APPLICATION_JSON_VALUE)
    PaperMoveOutCertificate certificate(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("moveId") UUID moveId) {
        requireThisMunicipality(lg);
        return certificates.contents(moveId);
    }

    @Operation(summary = "The 転出証明書 of an ordinary move-out, printable (PDF)",
            description = "As the JSON form, as a PDF document (A4, Japanese, standard non-embedded font).")
    @GetMapping(path = "/{moveId}/certificate", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> certificatePdf(@PathVariable("lg") LocalGovernmentCode lg,
                                          @PathVariable("moveId") UUID moveId) {
        requireThisMunicipality(lg);
        byte[] pdf = certificates.pdf(certificates.contents(moveId));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"tenshutsu-" + moveId + ".pdf\"")
                .body(pdf);
    }

    @Operation(summary = "Cancel a pending move-out (転出取消)",
            description = "The record removed at the 転出届 is in force again (reason 転出取消, same residence), and the "
                    + "restoration goes up the notice chain. For a card-based move-out (特例転出) the destination's CS is "
                    + "asked first, at once, to withdraw the 転出証明書情報: 409 when the person has already moved in "
                    + "there; 503 when it cannot be reached (nothing changed; retry). An ordinary move-out's paper "
                    + "転出証明書 is taken back at the counter. 200 with the move (CANCELLED); cancelling a cancelled move "
                    + "answers it again.")
    @PostMapping("/{moveId}/cancellation")
    MoveView cancel(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("moveId") UUID moveId) {
        requireThisMunicipality(lg);
        return cancellation.cancel(moveId);
    }

    private void requireThisMunicipality(LocalGovernmentCode lg) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
