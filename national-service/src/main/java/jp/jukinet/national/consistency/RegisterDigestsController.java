package jp.jukinet.national.consistency;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.service.register.DigestSource;
import jp.jukinet.service.register.RegisterDigests;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * J-LIS's register digests for the consistency check (整合性確認, docs/architecture.md F8), asked by a
 * prefecture server about its own municipalities only: the caller is the one the gateway verified
 * ({@link PeerIdentityFilter#CALLER_ATTRIBUTE}) and must be {@code pref-} + the municipality's
 * prefecture, decided from the code asked about, before anything is read. J-LIS answers; the
 * prefecture server runs the check and asks the CS to repair (J-LIS is never the authoritative side).
 */
@RestController
@RequestMapping("/internal/v1/national/register-digests")
@Tag(name = "consistency", description = "Register digests for the consistency check between tiers (F8)")
class RegisterDigestsController {

    private final RegisterDigests digests;

    RegisterDigestsController(RegisterDigests digests) {
        this.digests = digests;
    }

    @GetMapping("/{lg}")
    @Operation(summary = "A municipality's digest, record count and bucket digests at J-LIS",
            description = "403 (field municipality) unless the caller is the municipality's prefecture server.")
    Map<String, Object> municipality(@PathVariable("lg") String lg,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        LocalGovernmentCode municipality = owned(lg, caller);
        return digests.answer(municipality);
    }

    @GetMapping("/{lg}/buckets/{bucket}")
    @Operation(summary = "The leaves (residentCode, lastChangeId, status, changeIds) of one bucket of a municipality at J-LIS",
            description = "bucket: the first four digits of the resident code. 403 (field municipality) unless the "
                    + "caller is the municipality's prefecture server; 400 (field bucket) unless four digits.")
    List<DigestSource.Leaf> bucket(@PathVariable("lg") String lg, @PathVariable("bucket") String bucket,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        LocalGovernmentCode municipality = owned(lg, caller);
        return digests.leaves(municipality, bucket);
    }

    private static LocalGovernmentCode owned(String lg, String caller) {
        LocalGovernmentCode municipality;
        try {
            municipality = LocalGovernmentCode.of(lg);
        } catch (InvalidValueException e) {
            throw Refusal.invalid("municipality", e.getMessage());
        }
        if (!caller.equals("pref-" + municipality.prefecture().value())) {
            throw Refusal.forbidden("municipality", "only the municipality's prefecture server may ask for its digests");
        }
        return municipality;
    }
}
