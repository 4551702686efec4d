package jp.jukinet.cs.household;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.web.Refusal;

/** The clerks' view of a resident's household (世帯). */
@RestController
@Tag(name = "households", description = "世帯: 世帯主 and each member's 続柄, kept at the CS (flow F4)")
class HouseholdsController {

    private final CsSettings settings;
    private final Households households;

    HouseholdsController(CsSettings settings, Households households) {
        this.settings = settings;
        this.households = households;
    }

    @Operation(summary = "The household a resident of this municipality is a member of",
            description = "householdId (to JOIN it with a 届出), the 世帯主 (absent after the 世帯主 was removed, until a "
                    + "世帯変更届 names one) and every current member with name, 続柄 and the day they joined. 404 "
                    + "(field residentCode) when the person is in no household here.")
    @GetMapping("/api/v1/municipalities/{lg}/residents/{residentCode}/household")
    Households.View household(@PathVariable("lg") LocalGovernmentCode lg,
                              @PathVariable("residentCode") ResidentCode residentCode) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
        return households.of(residentCode).orElseThrow(() -> Refusal.notFound("residentCode",
                "the person is in no household at " + settings.municipality().value()));
    }
}
