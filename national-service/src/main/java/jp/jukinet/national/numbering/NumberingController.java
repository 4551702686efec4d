package jp.jukinet.national.numbering;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.RegistrationCheck;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * Numbering for municipalities, reached through their prefecture server (internal zone API). The
 * caller is the prefecture server the gateway verified ({@link PeerIdentityFilter#CALLER_ATTRIBUTE});
 * every request is for a municipality of the caller's prefecture, and a My Number only for what
 * that municipality owns ({@link NumberingOwnership}). Both POSTs are idempotent by the request id
 * in the body.
 */
@RestController
@RequestMapping("/internal/v1/numbering")
@Tag(name = "numbering", description = "Resident-code blocks and My Numbers (flow F1)")
class NumberingController {

    static final String BLOCKS = "/internal/v1/numbering/resident-code-blocks";

    private final ResidentCodeBlocks blocks;
    private final IssueMyNumbers issueMyNumbers;
    private final RegisteredPersons registered;
    private final NumberingOwnership ownership;

    NumberingController(ResidentCodeBlocks blocks, IssueMyNumbers issueMyNumbers, RegisteredPersons registered,
                        NumberingOwnership ownership) {
        this.blocks = blocks;
        this.issueMyNumbers = issueMyNumbers;
        this.registered = registered;
        this.ownership = ownership;
    }

    @PostMapping("/registration-checks")
    @Operation(summary = "Whether a person is registered, in force, anywhere",
            description = "Asked before a person who comes from abroad is numbered: true when someone with the same "
                    + "normalised name, date of birth and sex is registered in force (they keep their resident code "
                    + "and move with a 転出届 instead). Nothing about where. 403 (field municipality) unless the caller "
                    + "is the prefecture server of the municipality.")
    RegistrationCheck.Answer registered(@RequestBody RegistrationCheck check,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        ownership.requirePrefectureOf(caller, check.municipality(), "registration-checks");
        return new RegistrationCheck.Answer(registered.registered(check));
    }

    @PostMapping("/resident-code-blocks")
    @Operation(summary = "Allocate a block of random resident codes to a municipality",
            description = "201 with the block (its codes drawn at random, never allocated before); the same requestId "
                    + "is answered with the same block, and refused (409) for another municipality or size. size is "
                    + "1..100000. 403 (field municipality) unless the caller is the prefecture server of the municipality.")
    ResponseEntity<ResidentCodeBlock> allocateBlock(@RequestBody ResidentCodeBlockRequest request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        ownership.requirePrefectureOf(caller, request.municipality(), "resident-code-blocks");
        ResidentCodeBlock block = blocks.allocate(request);
        return ResponseEntity.created(URI.create(BLOCKS + "/" + block.blockId())).body(block);
    }

    @GetMapping("/resident-code-blocks/{blockId}")
    @Operation(summary = "Read an allocated block",
            description = "Only for the prefecture server of the block's municipality; 404 for any other caller.")
    ResidentCodeBlock block(@PathVariable UUID blockId,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        return blocks.byId(blockId)
                .filter(block -> caller.equals("pref-" + block.municipality().prefecture().value()))
                .orElseThrow(() -> Refusal.notFound("blockId", "no such block"));
    }

    @PostMapping("/my-numbers")
    @Operation(summary = "Issue (or return) the My Numbers of resident codes",
            description = "One assignment per code, in request order. A code keeps its current number unless "
                    + "reissue is true (個人番号の変更). The same requestId is answered with the same numbers, to the same "
                    + "municipality only. 1..1000 codes, each held by the municipality in the national register, or held "
                    + "by nobody and allocated to it; a reissue only for a person the municipality holds in force. "
                    + "403 naming the field (municipality, residentCodes[i] or requestId) otherwise; nothing is issued.")
    MyNumberResponse issueMyNumbers(@RequestBody MyNumberRequest request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        ownership.requirePrefectureOf(caller, request.municipality(), "my-numbers");
        return issueMyNumbers.issue(request);
    }
}
