package jp.jukinet.cs.moves;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.MoveOutVerification;
import jp.jukinet.model.move.PaperMoveOutCertificate;
import jp.jukinet.service.peer.PeerGateway;
import jp.jukinet.service.web.Refusal;

/**
 * Checks a paper 転出証明書 entered with a 転入届 against J-LIS's record of the person's removal
 * ({@code POST /internal/v1/national/move-out-verifications}, through the gateway), before anything
 * is written. J-LIS answers only this municipality, and only when its record names it as the
 * destination; every item of the paper must then be the record's, else the paper was altered (or
 * mistyped) and is refused naming the item. Asked outside any transaction: it is a network call.
 */
@Component
public class MoveOutVerifier {

    private static final Logger log = LoggerFactory.getLogger(MoveOutVerifier.class);
    private static final String FIELD = PaperMoveOutCertificate.FIELD;

    private final CsSettings settings;
    private final PeerGateway gateway;

    MoveOutVerifier(CsSettings settings, PeerGateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
    }

    /**
     * @return J-LIS's record of the person: removed (消除) by 転出 at the paper's origin, with this
     *         municipality as destination, and every item the paper names
     * @throws Refusal 400 naming the item that differs, or the paper when J-LIS holds no such removal;
     *                 409 when the removal has not reached J-LIS yet (retry) or was cancelled; 503
     *                 when J-LIS cannot be reached
     */
    public IdentityInformation verify(PaperMoveOutCertificate paper) {
        if (!paper.destination().equals(settings.municipality())) {
            throw Refusal.invalid(FIELD + ".destination", "this 転出証明書 is for a move to "
                    + paper.destination().value() + ", not to " + settings.municipality().value());
        }
        MoveOutVerification.Answer answer;
        try {
            answer = gateway.client().post().uri("/internal/v1/national/move-out-verifications")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new MoveOutVerification(paper.residentCode(), paper.myNumber(), paper.origin()))
                    .retrieve().body(MoveOutVerification.Answer.class);
        } catch (HttpClientErrorException.Conflict notYet) {
            String detail = notYet.getResponseBodyAsString();
            throw Refusal.conflict(FIELD, detail.contains("転出取消")
                    ? "the move-out on this 転出証明書 was cancelled (転出取消) at " + paper.origin().value()
                            + ": the paper is void; nothing was registered"
                    : "J-LIS has not yet received the removal (転出) of this person at " + paper.origin().value()
                            + ": nothing was registered; please retry the 転入届 in a few minutes");
        } catch (HttpClientErrorException.NotFound | HttpClientErrorException.Forbidden unknown) {
            throw Refusal.invalid(FIELD, "J-LIS holds no removal by 転出 to " + settings.municipality().value()
                    + " of the person this 転出証明書 names (resident code, My Number, origin): the paper is not valid "
                    + "here; nothing was registered");
        } catch (RestClientException e) {
            log.warn("Verifying a 転出証明書 of {} at J-LIS failed ({})", paper.origin().value(),
                    e.getClass().getSimpleName());
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "J-LIS cannot be reached now to verify the "
                    + "転出証明書; nothing was registered, please retry");
        }
        IdentityInformation removal = answer == null ? null : answer.removal();
        if (removal == null || !removal.residentCode().equals(paper.residentCode())
                || !removal.municipality().equals(paper.origin())
                || !settings.municipality().equals(removal.movedTo())) {
            throw new IllegalStateException("J-LIS answered a verification with another person's or move's record");
        }
        requireSame(removal.myNumber(), paper.myNumber(), "myNumber");
        requireSame(removal.name().normalized(), paper.name().normalized(), "name");
        requireSame(removal.dateOfBirth(), paper.dateOfBirth(), "dateOfBirth");
        requireSame(removal.sex(), paper.sex(), "sex");
        requireSame(removal.address().normalizedText(), paper.address().normalizedText(), "address");
        requireSame(removal.change().effectiveDate(), paper.plannedDate(), "plannedDate");
        return removal;
    }

    private static void requireSame(Object recorded, Object onPaper, String item) {
        if (!Objects.equals(recorded, onPaper)) {
            throw Refusal.invalid(FIELD + "." + item, "differs from J-LIS's record of the person's removal (転出): the "
                    + "転出証明書 was altered or mistyped; nothing was registered");
        }
    }
}
