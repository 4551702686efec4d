package jp.jukinet.cs.register;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.service.register.DigestSource;
import jp.jukinet.service.register.RegisterDigests;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The CS's register digests for the consistency check (整合性確認, docs/architecture.md F8), asked by
 * its own prefecture server only: the caller the gateway verified
 * ({@link PeerIdentityFilter#CALLER_ATTRIBUTE}) must be {@code pref-} + this municipality's
 * prefecture, checked before anything is read.
 */
@RestController
@Tag(name = "consistency", description = "Register digests for the consistency check between tiers (F8)")
class RegisterDigestsController {

    private final CsSettings settings;
    private final RegisterDigests digests;

    RegisterDigestsController(CsSettings settings, RegisterDigests digests) {
        this.settings = settings;
        this.digests = digests;
    }

    @GetMapping("/internal/v1/municipalities/{lg}/register-digests")
    @Operation(summary = "This municipality's digest, record count and bucket digests at its CS",
            description = "Only for the municipality's prefecture server (403); 404 (field lg) for another municipality.")
    Map<String, Object> municipality(@PathVariable("lg") LocalGovernmentCode lg,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnPrefecture(lg, caller);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("municipality", lg.value());
        answer.put("digest", digests.municipalityDigest(lg));
        answer.put("residents", digests.residents(lg));
        answer.put("buckets", digests.bucketDigests(lg));
        return answer;
    }

    @GetMapping("/internal/v1/municipalities/{lg}/register-digests/buckets/{bucket}")
    @Operation(summary = "The (residentCode, lastChangeId, status) of one bucket of this municipality at its CS",
            description = "bucket: the first four digits of the resident code; 400 (field bucket) otherwise. Only for "
                    + "the municipality's prefecture server (403).")
    List<DigestSource.Leaf> bucket(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("bucket") String bucket,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnPrefecture(lg, caller);
        if (!bucket.matches("\\d{4}")) {
            throw Refusal.invalid("bucket", "a bucket is the first four digits of a resident code");
        }
        return List.copyOf(digests.bucket(lg, bucket).values());
    }

    private void requireOwnPrefecture(LocalGovernmentCode lg, String caller) {
        if (!caller.equals("pref-" + settings.municipality().prefecture().value())) {
            throw Refusal.forbidden("only this municipality's prefecture server may ask for its digests");
        }
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
