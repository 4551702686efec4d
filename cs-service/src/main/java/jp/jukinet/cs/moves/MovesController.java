package jp.jukinet.cs.moves;

import java.util.List;
import java.util.UUID;

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
import jp.jukinet.service.web.Refusal;

/** The clerks' view of moves, and the cancellation of a move-out (転出取消). */
@RestController
@RequestMapping("/api/v1/municipalities/{lg}/moves")
class MovesController {

    private static final int LIMIT = 200;

    private final CsSettings settings;
    private final Moves moves;
    private final CancelMoveOut cancellation;

    MovesController(CsSettings settings, Moves moves, CancelMoveOut cancellation) {
        this.settings = settings;
        this.moves = moves;
        this.cancellation = cancellation;
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

    @Operation(summary = "Cancel a pending move-out (転出取消)",
            description = "The destination's CS is asked at once to withdraw the 転出証明書情報. 200 with the move "
                    + "(CANCELLED); 409 when the person has already moved in there; 503 when it cannot be reached "
                    + "(nothing changed; retry). Cancelling a cancelled move answers it again.")
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
