package jp.jukinet.cs.copies;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.copy.RecordCopyAnswer;
import jp.jukinet.model.copy.RecordCopyItem;
import jp.jukinet.model.copy.RecordCopyRequest;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/** Wide-area copies: the clerks' requests and log, and the requests of other CSs. */
@RestController
@Tag(name = "record copies", description = "住民票の写しの広域交付 (flow F4)")
class RecordCopiesController {

    private static final int LIMIT = 200;

    private final CsSettings settings;
    private final IssueRecordCopy issuing;
    private final AnswerRecordCopy answering;
    private final RecordCopyLog log;

    RecordCopiesController(CsSettings settings, IssueRecordCopy issuing, AnswerRecordCopy answering, RecordCopyLog log) {
        this.settings = settings;
        this.issuing = issuing;
        this.answering = answering;
        this.log = log;
    }

    /**
     * A clerk's request for a wide-area copy.
     *
     * @param holder       the municipality where the person is registered (A)
     * @param residentCode the person whose record is asked for
     * @param requester    who asks: the person, or a member of their household, as read from the identity
     *                     document checked at the counter (resident code, name, date of birth, document)
     * @param include      optional items: HISTORY, RESIDENT_CODE, MY_NUMBER, HOUSEHOLD (世帯主 and 続柄)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CopyOrder(LocalGovernmentCode holder, ResidentCode residentCode, RecordCopyRequest.Requester requester,
                     Set<RecordCopyItem> include) {
    }

    @Operation(summary = "Issue a wide-area copy of a resident record (住民票の写しの広域交付)",
            description = "The requester's resident code, name and date of birth are read from the identity document the clerk "
                    + "checked (requester.identityDocument), and the holder compares them with its register. "
                    + "The CS of the holder is asked through the gateway; 200 with the copy (never 本籍; resident "
                    + "code, My Number and history only when included). 422 not-issuable, alike for every reason "
                    + "(moved out, died, DV support measures, not the person or their household, unknown). 503 when "
                    + "the holder cannot be reached (nothing issued). Recorded here and at the holder.")
    @ApiResponse(responseCode = "422", description = "The copy cannot be issued here, for a reason the answer does not reveal.")
    @PostMapping("/api/v1/municipalities/{lg}/record-copies")
    IssueRecordCopy.IssuedCopy issue(@PathVariable("lg") LocalGovernmentCode lg, @RequestBody CopyOrder order) {
        requireThisMunicipality(lg);
        if (order == null) {
            throw Refusal.invalid("body", "a request is required: {holder, residentCode, requester, include}");
        }
        RecordCopyRequest request;
        try {
            request = new RecordCopyRequest(UUID.randomUUID(), settings.municipality(), order.holder(),
                    order.residentCode(), order.requester(), order.include());
        } catch (InvalidValueException e) {
            throw Refusal.invalid(e.field(), e.reason());
        }
        return issuing.issue(request);
    }

    @Operation(summary = "Wide-area copies recorded here, newest first",
            description = "As HOLDER (asked by another municipality: with the relationship judged and, for a refusal, "
                    + "the reason — e.g. DV_PROTECTED — and whether the requester is named in the DV support "
                    + "measures) and as ISSUER. residentCode narrows to one person; at most 200.")
    @GetMapping("/api/v1/municipalities/{lg}/record-copies")
    List<RecordCopyLog.Entry> log(@PathVariable("lg") LocalGovernmentCode lg,
                                  @RequestParam(name = "residentCode", required = false) ResidentCode residentCode) {
        requireThisMunicipality(lg);
        return log.entries(residentCode, LIMIT);
    }

    @Operation(summary = "Answer another CS's request for the contents of a wide-area copy",
            description = "Only the issuing CS the gateway verified. ISSUED with the copy, or NOT_ISSUABLE without a "
                    + "reason.")
    @PostMapping("/internal/v1/municipalities/{lg}/record-copies")
    RecordCopyAnswer answer(@PathVariable("lg") LocalGovernmentCode lg, @RequestBody RecordCopyRequest request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        requireThisMunicipality(lg);
        if (!request.holder().equals(settings.municipality())) {
            throw Refusal.invalid("holder", "this CS serves municipality " + settings.municipality().value());
        }
        if (!caller.equals("cs-" + request.issuer().value())) {
            throw Refusal.forbidden("issuer", caller + " may not ask on behalf of " + request.issuer().value());
        }
        return answering.answer(request);
    }

    private void requireThisMunicipality(LocalGovernmentCode lg) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
