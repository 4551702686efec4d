package jp.jukinet.service.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * The operator's view of the notices this node parked ({@code /actuator/parkednotices}): like
 * every actuator endpoint but health, only an operator certificate ({@code operator-*}) on a direct
 * connection reaches it ({@link PeerIdentityFilter}); the gateway routes no actuator of a node.
 * <ul>
 *   <li>{@code GET /actuator/parkednotices}: the parked notices, oldest first (at most 1,000), each
 *       with its source, sequence, resident code, municipality, kind of change, reason, problem
 *       and when it was parked. The resident code is what the operator needs to find the cause
 *       (the conflicting row); the name, My Number, address and birth date are not shown.</li>
 *   <li>{@code POST /actuator/parkednotices/{source}/{sequence}}: releases a notice parked as
 *       {@code REFUSED}: applied once now, with the notices of its sender about the same resident
 *       that waited behind it; if it fails for good again it stays parked with the new problem.
 *       Other reasons are released by their owner's notice, not by an operator (409).</li>
 *   <li>{@code DELETE /actuator/parkednotices/{source}/{sequence}}: discards a parked notice (any
 *       reason), moved to {@code discarded_notices} with the operator's identity and the time.</li>
 * </ul>
 */
@Endpoint(id = "parkednotices")
public class ParkedNoticesEndpoint {

    private static final Logger log = LoggerFactory.getLogger(ParkedNoticesEndpoint.class);
    private static final int LIMIT = 1_000;

    /** One parked notice as an operator sees it (no name, My Number, address or birth date). */
    public record Entry(String source, long sequence, String residentCode, String municipality, String change,
                        String reason, String problem, Instant parkedAt) {

        static Entry of(ParkedNotices.Parked parked) {
            ChangeNotice notice = parked.notice();
            return new Entry(notice.source().value(), notice.sequence(), notice.residentCode().value(),
                    notice.identity().municipality().value(), notice.identity().change().reason().name(),
                    parked.reason().name(), parked.problem(), parked.parkedAt());
        }
    }

    private final ParkedNotices parked;
    private final NoticeApplier applier;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ParkedNoticesEndpoint(ParkedNotices parked, NoticeApplier applier, TransactionTemplate transactions,
                                 Clock clock) {
        this.parked = parked;
        this.applier = applier;
        this.transactions = transactions;
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> list() {
        List<Entry> entries = parked.list(LIMIT).stream().map(Entry::of).toList();
        return Map.of("count", parked.count(), "parked", entries);
    }

    /**
     * @return 200 with {@code outcome} APPLIED (it and whatever waited behind it are recorded),
     *         WAITING (admitted by no one yet: parked now for its owner, with that reason) or
     *         REFUSED (failed for good again: parked with the new problem); 404 when not parked;
     *         409 when parked for another reason than REFUSED
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> release(@Selector String source, @Selector long sequence) {
        ParkedNotices.Parked entry = transactions.execute(status -> parked.lock(source, sequence).orElse(null));
        if (entry == null) {
            return answer(404, Map.of("detail", "no notice " + source + "#" + sequence + " is parked"));
        }
        if (entry.reason() != NoticeOwnership.Reason.REFUSED) {
            return answer(409, Map.of("detail", "parked for " + entry.reason()
                    + ": released by its owner's notice, not by an operator (discard it if it must go)"));
        }
        String operator = operator();
        Map<String, Object> outcome = retry(entry, NoticeOwnership.Reason.REFUSED);
        if (outcome == null) {
            return answer(409, Map.of("detail", "released or discarded by someone else meanwhile"));
        }
        log.info("Operator {} released parked notice {}#{}: {}", operator, source, sequence, outcome.get("outcome"));
        return answer(200, outcome);
    }

    /**
     * Applies the parked notice {@code entry} once now (see {@link NoticeApplier#applyReleased}), if
     * it is still parked for {@code reason}; parked again as REFUSED with the new problem if that
     * fails for good.
     *
     * @return the outcome, {@code null} when it is no longer parked for {@code reason}
     */
    private Map<String, Object> retry(ParkedNotices.Parked entry, NoticeOwnership.Reason reason) {
        String source = entry.notice().source().value();
        long sequence = entry.notice().sequence();
        try {
            String outcome = transactions.execute(status -> {
                ParkedNotices.Parked still = parked.lock(source, sequence).orElse(null);
                if (still == null || still.reason() != reason) {
                    return null;
                }
                applier.applyReleased(still.notice());
                return parked.lock(source, sequence).isPresent() ? "WAITING" : "APPLIED";
            });
            return outcome == null ? null : Map.of("outcome", outcome);
        } catch (RuntimeException failure) {
            if (!NoticeFailures.isForGood(failure)) {
                throw failure;
            }
            String problem = NoticeFailures.problem(failure);
            transactions.executeWithoutResult(status -> parked.refuse(entry.notice(), problem, clock.instant()));
            log.warn("Parked notice {}#{} refused again ({})", source, sequence, problem);
            return Map.of("outcome", "REFUSED", "problem", problem);
        }
    }

    /**
     * Discards a parked notice; the first notice of its sender about the same resident that waited
     * behind it (BEHIND_PARKED) is then tried at once, with those behind it in turn.
     *
     * @return 200 when discarded (recorded with the operator and the time; {@code next} says what
     *         became of the notice that waited behind it, if any), 404 when not parked
     */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> discard(@Selector String source, @Selector long sequence) {
        String operator = operator();
        ParkedNotices.Parked entry = transactions.execute(status -> parked.lock(source, sequence).orElse(null));
        Boolean discarded = transactions.execute(status -> parked.discard(source, sequence, operator, clock.instant()));
        if (entry == null || !Boolean.TRUE.equals(discarded)) {
            return answer(404, Map.of("detail", "no notice " + source + "#" + sequence + " is parked"));
        }
        log.warn("Operator {} discarded parked notice {}#{}", operator, source, sequence);
        Map<String, Object> answer = new java.util.LinkedHashMap<>(Map.of("outcome", "DISCARDED", "by", operator));
        parked.first(source, entry.notice().residentCode().value())
                .filter(next -> next.reason() == NoticeOwnership.Reason.BEHIND_PARKED)
                .map(next -> retry(next, NoticeOwnership.Reason.BEHIND_PARKED))
                .ifPresent(next -> answer.put("next", next.get("outcome")));
        return answer(200, answer);
    }

    private static WebEndpointResponse<Map<String, Object>> answer(int status, Map<String, Object> body) {
        return new WebEndpointResponse<>(body, status);
    }

    /** The operator calling (the filter let only {@code operator-*} through to the actuator). */
    private static String operator() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return "(unknown)";
        }
        Object caller = request.getAttribute(PeerIdentityFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (caller == null) {
            caller = request.getAttribute(PeerIdentityFilter.PEER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        }
        return caller == null ? "(unknown)" : caller.toString();
    }
}
