package jp.jukinet.prefecture.provision;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionRecordPage;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.provision.BatchLookups;
import jp.jukinet.provision.DiscloseProvisionRecords;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The prefecture's lookups (Art. 30-15) against its own register, with the rules of its own file,
 * and the records of them: its own use (第1項: 別表第5, ordinance, and consented tasks; a
 * statistics rule answers no lookup, see {@code jp.jukinet.prefecture.use}) and its provision to
 * its other executive bodies (第2項: 別表第6, ordinance). Same checks and shapes as J-LIS's;
 * {@code {pref}} must be this server's prefecture.
 */
@RestController
@RequestMapping("/api/v1/prefectures/{pref}")
@Tag(name = "provision", description = "The prefecture's statute-checked provision (F5, Art. 30-15) and its records (F7)")
class PrefectureProvisionController {

    private final PrefectureSettings settings;
    private final ProvideIdentityInformation provision;
    private final BatchLookups batch;
    private final DiscloseProvisionRecords disclosure;

    PrefectureProvisionController(PrefectureSettings settings, ProvideIdentityInformation provision, BatchLookups batch,
                                  DiscloseProvisionRecords disclosure) {
        this.settings = settings;
        this.provision = provision;
        this.batch = batch;
        this.disclosure = disclosure;
    }

    @GetMapping("/provision-rules")
    @Operation(summary = "The prefecture's provision rules that name the caller")
    List<ProvisionRule> rules(@PathVariable String pref,
                              @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        requireThisPrefecture(pref);
        return provision.rulesNaming(caller);
    }

    @ApiResponse(responseCode = "200", description = "The person under the rule, with only the rule's fields",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No one matches the key.")
    @PostMapping(path = "/lookups", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Look up one person in the prefecture's register under one of its rules",
            description = "As POST /api/v1/national/lookups, with the prefecture's rules (provider PREFECTURE): its own "
                    + "use (第30条の15第1項) and its provision (第2項). Under a rule of consent (第1項第3号) only about a person "
                    + "who consented (else 403 NO_CONSENT, recorded); under a statistics rule (第1項第4号) never (403 "
                    + "STATISTICS_ONLY): use GET …/statistics.")
    LookupResult lookup(@PathVariable String pref, @RequestBody LookupRequest request,
                        @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        requireThisPrefecture(pref);
        return provision.lookup(caller, request);
    }

    @PostMapping(path = "/lookups/batch", consumes = BatchLookups.NDJSON, produces = BatchLookups.NDJSON)
    @Operation(summary = "Look up many people: NDJSON in, NDJSON out, streamed")
    void batch(@PathVariable String pref,
               @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        requireThisPrefecture(pref);
        ProvideIdentityInformation.requireCaller(caller);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(BatchLookups.NDJSON);
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024);
        batch.run(caller, request.getInputStream(), out);
        out.flush();
    }

    @GetMapping("/provision-records")
    @Operation(summary = "The prefecture's provision records about the calling resident")
    ProvisionRecordPage records(@PathVariable String pref,
                                @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer limit) {
        requireThisPrefecture(pref);
        return disclosure.about(caller, from, to, cursor, limit);
    }

    private void requireThisPrefecture(String pref) {
        if (!settings.prefecture().value().equals(pref)) {
            throw Refusal.notFound("pref", "this server serves prefecture " + settings.prefecture().value());
        }
    }
}
