package jp.jukinet.national.moves;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.MoveOutVerification;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * J-LIS's record of a person's removal by 転出, for the municipality the person moves to, which
 * checks a paper 転出証明書 against it before it registers the 転入届 (F3, ordinary move-out).
 * The caller is the CS the gateway verified ({@code cs-<lg>}); J-LIS answers only the municipality
 * that its own record names as the destination of the removal (PRODUCT.md F10), whatever the
 * request says. Every other question gets the same 404, is counted in {@value #REFUSED} and logged
 * without the person. A caller that shows the paper's resident code, My Number and origin, for a
 * person J-LIS still holds in force there, is told to retry: the removal has not reached J-LIS yet
 * (or the move-out was cancelled, 転出取消) — it learns nothing the paper does not say.
 */
@RestController
@RequestMapping("/internal/v1/national/move-out-verifications")
@Tag(name = "moves", description = "Moves between municipalities (flow F3)")
class MoveOutVerificationController {

    static final String REFUSED = "jukinet.moves.verifications.refused";

    private static final Logger log = LoggerFactory.getLogger(MoveOutVerificationController.class);
    private static final Pattern CS = Pattern.compile("cs-(\\d{6})");
    private static final String NO_REMOVAL = "J-LIS holds no removal by 転出 (転出届) of this person to the calling "
            + "municipality";

    private final ResidentRegister register;
    private final MeterRegistry meters;

    MoveOutVerificationController(ResidentRegister register, MeterRegistry meters) {
        this.register = register;
        this.meters = meters;
    }

    @PostMapping
    @Operation(summary = "J-LIS's record of a person's removal by 転出, for the destination",
            description = "Asked by the CS of the municipality a person moves to, before it registers a 転入届 on a paper "
                    + "転出証明書: {residentCode, myNumber, origin} as printed on the paper. 200 {removal} with J-LIS's "
                    + "current record of the person when it is removed (消除) by 転出 at origin and names the calling "
                    + "municipality as destination (movedTo). 409 (field residentCode) when J-LIS still holds the person in "
                    + "force at origin under that My Number: the removal has not arrived yet, or the move-out was cancelled "
                    + "(転出取消). 404 (field residentCode) for every other question, counted as a refusal; 403 unless the "
                    + "caller is a CS.")
    MoveOutVerification.Answer verify(@RequestBody MoveOutVerification request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        Matcher cs = CS.matcher(caller);
        if (!cs.matches()) {
            refuse("caller", caller);
            throw Refusal.forbidden("caller", "only the CS of a municipality asks about a move to it");
        }
        LocalGovernmentCode asking = LocalGovernmentCode.of(cs.group(1));
        Optional<IdentityInformation> held = register.find(request.residentCode())
                .filter(record -> record.residentCode().equals(request.residentCode())
                        && record.myNumber().equals(request.myNumber())
                        && record.municipality().equals(request.origin()));
        if (held.isPresent()) {
            IdentityInformation record = held.get();
            if (!record.active() && record.change().reason() == ChangeReason.MOVE_OUT
                    && asking.equals(record.movedTo())) {
                meters.counter("jukinet.moves.verifications", "outcome", "verified").increment();
                return new MoveOutVerification.Answer(record);
            }
            if (record.active()) {
                meters.counter("jukinet.moves.verifications", "outcome", "not-yet-removed").increment();
                throw Refusal.conflict("residentCode", record.change().reason() == ChangeReason.MOVE_OUT_CANCELLATION
                        ? "the move-out was cancelled (転出取消) at " + request.origin().value()
                                + ": the person's record there is in force again"
                        : "the removal (転出) of this person at " + request.origin().value() + " has not reached J-LIS "
                                + "yet; please retry in a few minutes");
            }
        }
        refuse("not-the-destination", caller);
        throw Refusal.notFound("residentCode", NO_REMOVAL);
    }

    private void refuse(String reason, String caller) {
        meters.counter(REFUSED, "reason", reason).increment();
        log.warn("Refused a move-out verification from {}: {}", caller, reason);
    }
}
