package jp.jukinet.gateway.contract;

import java.util.Optional;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The gateway's {@code /v3/api-docs}: the network's external contract ({@link ExternalContract}),
 * whole or for one caller class ({@code ?for=agency}). Open to every certified caller, as the
 * nodes' own documents are. A contract with a part missing says so in its body and in
 * {@code X-JukiNet-Contract: partial}, and is not to be cached.
 */
@RestController
class ContractController {

    static final String STATUS_HEADER = "X-JukiNet-Contract";

    private final ExternalContract contract;

    ContractController(ExternalContract contract) {
        this.contract = contract;
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> contract(@RequestParam(name = "for", required = false) String callerClass) {
        if (callerClass != null && !contract.outsideClasses().contains(callerClass)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "for: the caller classes are " + String.join(", ", contract.outsideClasses()));
            problem.setType(java.net.URI.create("urn:jukinet:problem:invalid-field"));
            problem.setTitle("Invalid field");
            problem.setProperty("field", "for");
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        ExternalContract.Built built = contract.build(Optional.ofNullable(callerClass),
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
        return ResponseEntity.ok()
                .header(STATUS_HEADER, built.complete() ? "complete" : "partial")
                .cacheControl(built.complete() ? CacheControl.maxAge(java.time.Duration.ofMinutes(1)) : CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body(built.document());
    }
}
