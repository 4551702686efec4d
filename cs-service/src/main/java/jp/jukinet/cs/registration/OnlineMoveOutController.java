package jp.jukinet.cs.registration;

import java.net.URI;
import java.time.LocalDate;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.cs.moves.MoveView;
import jp.jukinet.cs.moves.OutgoingMove;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The card-based move-out online (特例転出: the 付記転出届 made online, under 住基法 第24条の2, 個人番号
 * カードの交付を受けている者等に関する転入届の特例): the person, signed in with their own certificate
 * ({@code resident-<resident code>}), notifies the move-out; the CS removes the record and sends the
 * 転出証明書情報 ahead to the destination, where the person completes the move-in with their card.
 */
@RestController
class OnlineMoveOutController {

    private final RegisterNotification registration;

    OnlineMoveOutController(RegisterNotification registration) {
        this.registration = registration;
    }

    /**
     * @param effectiveDate 転出予定年月日, at most 14 days ahead
     * @param notifiedDate  today when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OnlineMoveOut(LocalDate effectiveDate, LocalDate notifiedDate, NotificationRequest.Destination destination) {
    }

    @Operation(summary = "Notify one's own move-out online (特例転出 / 付記転出届, card-based)",
            description = "Caller: the person (certificate resident-<resident code>), for themself only. 201 with the "
                    + "move (PENDING): the record is removed (消除, 転出, the planned day) and the 転出証明書情報 goes ahead "
                    + "to the destination, where the person presents their card at the 転入届 (転入届の特例, 第24条の2). "
                    + "The same Idempotency-Key gives the same answer.")
    @PostMapping("/api/v1/municipalities/{lg}/online-move-outs")
    ResponseEntity<MoveView> moveOut(@PathVariable("lg") LocalGovernmentCode lg,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody OnlineMoveOut request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        if (!caller.startsWith("resident-")) {
            throw Refusal.forbidden("an online move-out is notified by the person, with their own certificate");
        }
        ResidentCode self;
        try {
            self = ResidentCode.of(caller.substring("resident-".length()));
        } catch (InvalidValueException e) {
            throw Refusal.forbidden("the caller's certificate does not name a resident code");
        }
        if (request == null) {
            throw Refusal.invalid("body", "a move-out is required");
        }
        RegistrationResult result = registration.register(lg, idempotencyKey, new NotificationRequest(
                NotificationType.MOVE_OUT, request.effectiveDate(), request.notifiedDate(), self, null,
                request.destination(), true, null, null), OutgoingMove.Channel.ONLINE);
        return ResponseEntity.created(URI.create("/api/v1/municipalities/" + lg.value() + "/moves?residentCode="
                + self.value())).body(result.move());
    }
}
