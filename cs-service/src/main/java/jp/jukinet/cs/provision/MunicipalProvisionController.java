package jp.jukinet.cs.provision;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionRecordPage;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.provision.DiscloseProvisionRecords;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The municipality's provision to other municipalities' bodies (Art. 30-14), through the gateway.
 * The caller is the identity the gateway verified; the rule of this municipality's file must name
 * it, be in force today, and allow the key, exactly as at J-LIS (ProvideIdentityInformation); every
 * lookup is recorded here before it is answered.
 */
@RestController
@RequestMapping("/api/v1/municipalities/{lg}")
@Tag(name = "provision", description = "Provision of identity information to other municipalities' bodies by ordinance "
        + "(住基法 第30条の14, F5) and its records (F7)")
class MunicipalProvisionController {

    private final CsSettings settings;
    private final ProvideIdentityInformation provision;
    private final DiscloseProvisionRecords disclosure;

    MunicipalProvisionController(CsSettings settings, ProvideIdentityInformation provision,
                                 DiscloseProvisionRecords disclosure) {
        this.settings = settings;
        this.provision = provision;
        this.disclosure = disclosure;
    }

    @GetMapping("/provision-rules")
    @Operation(summary = "This municipality's provision rules (Art. 30-14) that name the caller",
            description = "In force or not, with their validity dates. 404 for another municipality.")
    List<ProvisionRule> rules(@PathVariable("lg") LocalGovernmentCode lg,
                              @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        requireThisMunicipality(lg);
        return provision.rulesNaming(caller);
    }

    @ApiResponse(responseCode = "200", description = "The person under the rule, with only the rule's fields",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No one matches the key.")
    @PostMapping(path = "/lookups", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Look up one person of this municipality under its ordinance (Art. 30-14)",
            description = "For the executive bodies of other municipalities the ordinance names (e.g. agency-lg131130-juki). "
                    + "{basis, residentCode | myNumber | fourInfo}. 200 with only the rule's fields (others absent), or "
                    + "{outcome: AMBIGUOUS, matches: N}; 403 when the rule is not this municipality's, does not name the "
                    + "caller, is not in force, or does not allow a My Number key; 404 when no one in this municipality's "
                    + "register matches (or for another municipality's path). Every lookup is recorded here before it is answered.")
    LookupResult lookup(@PathVariable("lg") LocalGovernmentCode lg, @RequestBody LookupRequest request,
                        @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        requireThisMunicipality(lg);
        return provision.lookup(caller, request);
    }

    @GetMapping("/provision-records")
    @Operation(summary = "This municipality's provision records (Art. 30-14) about the calling resident",
            description = "For a resident's own certificate (resident-<resident code>): who received their identity "
                    + "information from this municipality, records of [from, to] (Japan time; default the last year), "
                    + "newest first; pass 'next' back as 'cursor' for older ones.")
    ProvisionRecordPage records(@PathVariable("lg") LocalGovernmentCode lg,
                                @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer limit) {
        requireThisMunicipality(lg);
        return disclosure.about(caller, from, to, cursor, limit);
    }

    private void requireThisMunicipality(LocalGovernmentCode lg) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
