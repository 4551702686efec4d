package jp.jukinet.national.provision;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
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
import jp.jukinet.provision.BatchLookups;
import jp.jukinet.provision.DiscloseProvisionRecords;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * J-LIS's provision API for agencies (through the gateway) and the records for residents. The
 * caller is the identity the gateway verified ({@link PeerIdentityFilter#CALLER_ATTRIBUTE});
 * without one (no mutual TLS) every call is refused.
 */
@RestController
@RequestMapping("/api/v1/national")
@Tag(name = "provision", description = "Statute-checked provision of identity information (F5) and provision records (F7)")
class NationalProvisionController {

    private final ProvideIdentityInformation provision;
    private final BatchLookups batch;
    private final DiscloseProvisionRecords disclosure;

    NationalProvisionController(ProvideIdentityInformation provision, BatchLookups batch,
                                DiscloseProvisionRecords disclosure) {
        this.provision = provision;
        this.batch = batch;
        this.disclosure = disclosure;
    }

    @GetMapping("/provision-rules")
    @Operation(summary = "The provision rules that name the caller",
            description = "In force or not, with their validity dates; only J-LIS's rules (provider NATIONAL).")
    List<ProvisionRule> rules(@RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        return provision.rulesNaming(caller);
    }

    @ApiResponse(responseCode = "200", description = "The person under the rule, with only the rule's fields",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No one matches the key.")
    @PostMapping(path = "/lookups", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Look up one person under a provision rule",
            description = "{basis, residentCode | myNumber | fourInfo}. 200 with only the rule's fields (others absent), "
                    + "or {outcome: AMBIGUOUS, matches: N} when 4 info match several people; 403 when the rule does not "
                    + "name the caller, is not in force, or does not allow a My Number key, and (Art. 30-10 to 30-12) "
                    + "when the person is outside the rule's 通知都道府県 scope; 404 when no one matches. "
                    + "Every lookup is recorded before it is answered.")
    LookupResult lookup(@RequestBody LookupRequest request,
                        @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        return provision.lookup(caller, request);
    }

    @PostMapping(path = "/lookups/batch", consumes = BatchLookups.NDJSON, produces = BatchLookups.NDJSON)
    @Operation(summary = "Look up many people: NDJSON in, NDJSON out, streamed",
            description = "One lookup per line; one answer per line with its line number, in order, written as it is "
                    + "ready (read the answer while sending). A malformed line gets its own INVALID answer.")
    void batch(@RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProvideIdentityInformation.requireCaller(caller);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(BatchLookups.NDJSON);
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024);
        batch.run(caller, request.getInputStream(), out);
        out.flush();
    }

    @GetMapping("/provision-records")
    @Operation(summary = "The provision records about the calling resident",
            description = "For a resident's own certificate (resident-<resident code>): records of [from, to] "
                    + "(Japan time; default the last year), newest first; pass 'next' back as 'cursor' for older ones.")
    ProvisionRecordPage records(@RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer limit) {
        return disclosure.about(caller, from, to, cursor, limit);
    }
}
