package jp.jukinet.downstream.holding;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.downstream.WebhookPath;

/**
 * The holder's webhook endpoint: J-LIS's signed deliveries, carried by the gateway. Every request is
 * verified with the agency kit (signature with J-LIS's published key, digest, window, nonce,
 * subscription, sequence) against the applied position, and its new events applied, under one lock.
 * <ul>
 *   <li>204: verified; its new events are applied (none for a heartbeat or a batch sent again);</li>
 *   <li>503: the delivery skipped ahead of the applied position: the gap was read by pull, and J-LIS
 *       sends the batch again, which then holds only duplicates;</li>
 *   <li>401 problem+json naming the reason: forged, altered, replayed, stale, another subscription's;
 *       nothing of it is applied;</li>
 *   <li>503 before this system has subscribed.</li>
 * </ul>
 */
@RestController
@ConditionalOnExpression("'${jukinet.downstream.system:}' != 'IPN'")
class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    private final FeedFollower follower;
    private final FeedApplier applier;

    WebhookReceiver(FeedFollower follower, FeedApplier applier) {
        this.follower = follower;
        this.applier = applier;
    }

    @PostMapping(path = WebhookPath.PATH, consumes = MediaType.ALL_VALUE)
    ResponseEntity<?> receive(HttpServletRequest http, @RequestBody(required = false) byte[] body) {
        WebhookVerifier verifier = follower.verifier().orElse(null);
        if (verifier == null) {
            return unavailable("not subscribed yet");
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(http.getHeaderNames())) {
            headers.put(name, http.getHeader(name));
        }
        WebhookRequest request = new WebhookRequest(http.getMethod(), headers, body);
        return applier.exclusively(() -> {
            Verification verification = verifier.verify(request, applier.appliedThrough());
            if (verification instanceof Verification.Verified verified) {
                FeedApplier.Applied applied = applier.apply(verified.newEvents(), FeedApplier.Channel.WEBHOOK);
                if (applied.gapAfter() == null) {
                    return ResponseEntity.noContent().build();
                }
                follower.catchUp();
                return unavailable("a gap after " + applied.gapAfter() + " was read by pull; send again");
            }
            Verification.Refused refused = (Verification.Refused) verification;
            if (refused.reason() == Verification.Reason.GAP) {
                // the events before this delivery were never applied here: read them by pull, then take the batch again
                int pulled = follower.catchUp();
                log.info("Webhook delivery skipped ahead; {} events read by pull", pulled);
                return unavailable("events were missing before this delivery; they were read by pull: send again");
            }
            log.warn("Refused a webhook request: {}", refused.reason());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "the webhook request is refused: " + refused.reason());
            problem.setType(java.net.URI.create("urn:jukinet:problem:webhook-refused"));
            problem.setProperty("reason", refused.reason().name());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        });
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }
}
