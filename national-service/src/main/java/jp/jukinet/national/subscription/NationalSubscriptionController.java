package jp.jukinet.national.subscription;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;

import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.model.subscription.SubscriptionChange;
import jp.jukinet.model.subscription.SubscriptionRequest;
import jp.jukinet.model.subscription.SubscriptionView;
import jp.jukinet.provision.BatchLookups;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.provision.subscription.ManageSubscriptions;
import jp.jukinet.provision.subscription.SubscriptionConfiguration;
import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * J-LIS's subscriptions API for agencies (through the gateway). The caller is the identity the
 * gateway verified ({@link PeerIdentityFilter#CALLER_ATTRIBUTE}); without one every call is refused.
 * An agency sees and changes only its own subscriptions: another's is answered 404.
 */
@RestController
@RequestMapping("/api/v1/national/subscriptions")
@Import(SubscriptionConfiguration.class)
@Tag(name = "subscriptions", description = "Push-type notification (プッシュ型通知, F6): subscriptions under a provision "
        + "rule and their event feeds")
class NationalSubscriptionController {

    private static final String CALLER = PeerIdentityFilter.CALLER_ATTRIBUTE;

    private final ManageSubscriptions subscriptions;

    NationalSubscriptionController(ManageSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Subscribe under a provision rule",
            description = "{basis, mode: EVERY_CHANGE | BATCHED (with frequency DAILY | WEEKLY | MONTHLY) | SURVIVAL "
                    + "| MILESTONE_AGE (with milestoneAge, target CRITERION) | AS_OF (with asOf, target LISTED), "
                    + "target: LISTED | CRITERION, endpoint?}. 201 with the subscription (head 0): ACTIVE, but an AS_OF one "
                    + "PAUSED until its targets are listed and it is resumed; its one-off batch is then written once the "
                    + "date has come, and it ends COMPLETED. A MILESTONE_AGE one gets, each month from the one it is made "
                    + "in, the persons in the rule's scope attaining the age that month. 403 (recorded) when the rule does "
                    + "not name the caller, is not in force, allows no subscription, or not this mode, age or target; 400 "
                    + "naming the field for bad input. Only the rule's fields ever reach the feed.")
    SubscriptionView create(@RequestBody SubscriptionRequest request,
                            @RequestAttribute(name = CALLER, required = false) String caller) {
        return subscriptions.create(caller, request);
    }

    @GetMapping
    @Operation(summary = "The caller's subscriptions", description = "Oldest first, any status; never another agency's.")
    List<SubscriptionView> list(@RequestAttribute(name = CALLER, required = false) String caller) {
        return subscriptions.list(caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One of the caller's subscriptions",
            description = "With its feed's head and its number of listed targets; 404 when it is not the caller's.")
    SubscriptionView get(@PathVariable UUID id, @RequestAttribute(name = CALLER, required = false) String caller) {
        return subscriptions.get(caller, id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change, pause or resume a subscription",
            description = "{endpoint?, removeEndpoint?, frequency? (BATCHED only), status?: PAUSED | ACTIVE}. A paused "
                    + "subscription gets no events, and resuming does not catch up on the changes meanwhile. 404 when not "
                    + "the caller's; 409 when cancelled, when COMPLETED (an as-of batch written) and the status is asked to "
                    + "change, or changed concurrently; 403 (recorded) when resuming under a rule "
                    + "no longer in force.")
    SubscriptionView change(@PathVariable UUID id, @RequestBody SubscriptionChange change,
                            @RequestAttribute(name = CALLER, required = false) String caller) {
        return subscriptions.change(caller, id, change);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a subscription",
            description = "No more events are written; the feed stays readable. 200 with the cancelled subscription; "
                    + "404 when not the caller's.")
    SubscriptionView cancel(@PathVariable UUID id, @RequestAttribute(name = CALLER, required = false) String caller) {
        return subscriptions.cancel(caller, id);
    }

    @PostMapping(path = "/{id}/targets", consumes = BatchLookups.NDJSON, produces = BatchLookups.NDJSON)
    @Operation(summary = "Add and remove listed targets: NDJSON in, NDJSON out, streamed",
            description = "One line per person: {\"op\": \"add\" | \"remove\", \"residentCode\" | \"myNumber\": …} "
                    + "(a My Number only where the rule's fields include it). One answer per line, in order: "
                    + "{line, outcome: ADDED | REMOVED | NOT_FOUND | REFUSED | INVALID, error?}, written chunk by chunk; "
                    + "a person outside the rule's scope is REFUSED and recorded. Up to millions of lines. 409 for a "
                    + "COMPLETED as-of subscription (its batch is written).")
    void targets(@PathVariable UUID id, @RequestAttribute(name = CALLER, required = false) String caller,
                 HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProvideIdentityInformation.requireCaller(caller);
        // refusals of the whole upload (not the caller's, a criterion, a rule no longer in force) come before the 200
        OutputStream out = new LazyOkStream(response, BatchLookups.NDJSON);
        subscriptions.targets(caller, id, request.getInputStream(), out);
        out.flush();
    }

    @GetMapping(path = "/{id}/events", produces = BatchLookups.NDJSON)
    @Operation(summary = "Read the subscription's feed: NDJSON, streamed",
            description = "The events after sequence 'after' (default 0), in order and without gaps, at most 'limit' "
                    + "(default: up to the head when asked). Each line is a SubscriptionEvent {sequence, kind, changeId, "
                    + "reason, changeDate, recordedAt, information}; a receiver that applied n applies n+1 next and "
                    + "recognises any other as a duplicate. Every event read is recorded as a provision before it is "
                    + "written. 404 when not the caller's.")
    void events(@PathVariable UUID id, @RequestParam(defaultValue = "0") long after,
                @RequestParam(required = false) Integer limit,
                @RequestAttribute(name = CALLER, required = false) String caller,
                HttpServletResponse response) throws IOException {
        OutputStream out = new LazyOkStream(response, BatchLookups.NDJSON);
        subscriptions.events(caller, id, after, limit, out);
        out.flush();
    }

    /**
     * The response body, committed (200, NDJSON) at its first byte: a refusal thrown before any
     * answer is written still becomes a problem+json of its own status.
     */
    private static final class LazyOkStream extends OutputStream {

        private final HttpServletResponse response;
        private final String contentType;
        private OutputStream out;

        LazyOkStream(HttpServletResponse response, String contentType) {
            this.response = response;
            this.contentType = contentType;
        }

        private OutputStream out() throws IOException {
            if (out == null) {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType(contentType);
                // the JSON is UTF-8; say so, or a client may read names as ISO-8859-1
                response.setCharacterEncoding("UTF-8");
                out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024);
            }
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            out().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out().flush();
        }
    }
}
