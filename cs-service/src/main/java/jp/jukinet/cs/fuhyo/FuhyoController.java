package jp.jukinet.cs.fuhyo;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.web.Refusal;

/** The clerks' view of the 戸籍の附票 this municipality keeps as the 本籍地, and of the notices it refused. */
@RestController
@RequestMapping("/api/v1/municipalities/{lg}")
@Tag(name = "戸籍の附票", description = "The 附票's address history kept at the 本籍地 (flow F3, 住基法 第19条第1項)")
class FuhyoController {

    private static final int LIMIT = 200;

    private final CsSettings settings;
    private final Fuhyo fuhyo;

    FuhyoController(CsSettings settings, Fuhyo fuhyo) {
        this.settings = settings;
        this.fuhyo = fuhyo;
    }

    /** A person's 附票: every address notified, oldest first. */
    record FuhyoView(ResidentCode residentCode, List<Fuhyo.Entry> entries) {
    }

    @Operation(summary = "The 附票 of a person whose 本籍 is in this municipality",
            description = "Every address the municipality of residence notified (or this CS wrote, when the person "
                    + "lives here too), oldest first: address, 住所を定めた年月日, the municipality of residence, the event.")
    @ApiResponse(responseCode = "200", description = "the 附票")
    @ApiResponse(responseCode = "404", description = "no 附票 of this person is kept here (problem+json, field residentCode)")
    @GetMapping("/fuhyo/{residentCode}")
    FuhyoView fuhyo(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("residentCode") ResidentCode residentCode) {
        requireThisMunicipality(lg);
        List<Fuhyo.Entry> entries = fuhyo.entries(residentCode);
        if (entries.isEmpty()) {
            throw Refusal.notFound("residentCode", "no 附票 of this person is kept at " + settings.municipality().value());
        }
        return new FuhyoView(residentCode, entries);
    }

    @Operation(summary = "附票 notices this municipality refused, newest first (at most 200)",
            description = "A notice whose 本籍 is not here, whose sender is not the CS that delivered it, or a 転居 from a "
                    + "municipality the 附票 does not show as the residence: recorded, never applied.")
    @GetMapping("/fuhyo-refusals")
    List<Fuhyo.Refused> refusals(@PathVariable("lg") LocalGovernmentCode lg) {
        requireThisMunicipality(lg);
        return fuhyo.refusals(LIMIT);
    }

    private void requireThisMunicipality(LocalGovernmentCode lg) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
