package jp.jukinet.prefecture.use;

import java.util.List;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.ResidentStatistics;
import jp.jukinet.model.provision.UseConsent;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The prefecture's own use (第30条の15第1項) where it is not a lookup: a resident's consents to the
 * uses of item 3, and the statistics of item 4.
 */
@RestController
@RequestMapping("/api/v1/prefectures/{pref}")
@Tag(name = "use", description = "The prefecture's own use (Art. 30-15(1)): consents (item 3) and statistics (item 4)")
class PrefectureUseController {

    private final PrefectureSettings settings;
    private final UseConsentRegister consents;
    private final PrefectureStatistics statistics;

    PrefectureUseController(PrefectureSettings settings, UseConsentRegister consents, PrefectureStatistics statistics) {
        this.settings = settings;
        this.consents = consents;
        this.statistics = statistics;
    }

    @GetMapping("/residents/{residentCode}/consents")
    @Operation(summary = "The calling resident's consents to the prefecture's uses of item 3 (本人の同意)",
            description = "Caller: the person (certificate resident-<resident code>), a resident of this prefecture in its "
                    + "register. Every rule of consent of the prefecture, whether the person consents to it now, and since when.")
    List<UseConsent> list(@PathVariable String pref, @PathVariable String residentCode,
                          @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        return consents.of(self(pref, residentCode, caller));
    }

    @PutMapping("/residents/{residentCode}/consents/{basis}")
    @Operation(summary = "Consent to the prefecture's use of one's identity information for one task (第30条の15第1項第3号)",
            description = "Caller: the person. 403 (field residentCode) for another person's code or a person this "
                    + "prefecture's register does not hold as its resident; 404 (field basis) for a rule that is not a rule "
                    + "of consent here; 409 for a rule not in force. Giving it again records it again.")
    UseConsent give(@PathVariable String pref, @PathVariable String residentCode, @PathVariable String basis,
                    @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        return consents.give(self(pref, residentCode, caller), basis);
    }

    @DeleteMapping("/residents/{residentCode}/consents/{basis}")
    @Operation(summary = "Revoke one's consent (from now on the use is refused and recorded)",
            description = "Caller: the person. Revoking a consent not given changes nothing.")
    UseConsent revoke(@PathVariable String pref, @PathVariable String residentCode, @PathVariable String basis,
                      @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        return consents.revoke(self(pref, residentCode, caller), basis);
    }

    @GetMapping("/statistics")
    @Operation(summary = "Statistics of the prefecture's residents under a statistics rule (第30条の15第1項第4号)",
            description = "Counts by municipality, five-year age band and sex, as far as the rule's fields allow; never a "
                    + "person, never a resident code; cells below the minimum count are left out. Decided and recorded like "
                    + "a lookup (403 problem+json, field basis, when refused, NOT_STATISTICS for a rule that is not one).")
    ResidentStatistics statistics(@PathVariable String pref, @RequestParam String basis,
                                  @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        requireThisPrefecture(pref);
        return statistics.count(caller, basis);
    }

    /** The person the path names, who must be the caller: nobody gives or revokes another's consent. */
    private ResidentCode self(String pref, String residentCode, String caller) {
        requireThisPrefecture(pref);
        ProvideIdentityInformation.requireCaller(caller);
        ResidentCode person;
        try {
            person = ResidentCode.of(residentCode);
        } catch (InvalidValueException e) {
            throw Refusal.invalid("residentCode", e.reason());
        }
        if (!caller.equals("resident-" + person.value())) {
            throw Refusal.forbidden("residentCode", "a consent is given and revoked by the person, with their own "
                    + "certificate, and by nobody for them");
        }
        return person;
    }

    private void requireThisPrefecture(String pref) {
        if (!settings.prefecture().value().equals(pref)) {
            throw Refusal.notFound("pref", "this server serves prefecture " + settings.prefecture().value());
        }
    }
}
