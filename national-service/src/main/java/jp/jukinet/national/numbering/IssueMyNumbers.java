package jp.jukinet.national.numbering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.national.numbering.IssuedMyNumbers.Candidate;
import jp.jukinet.national.numbering.MyNumberRequests.Answered;
import jp.jukinet.service.web.Refusal;

/**
 * Answers a municipality's request for My Numbers (My Number Act Art. 8): a code's current
 * number, a new one for a code without one, or — on reissue (個人番号の変更) — a new one in place
 * of the current, which is retired. A new number is derived from the code by the keyed
 * {@link MyNumberDerivation}; when the derived number was ever issued before, to this code or to
 * another, the next derivation counter is tried, so no number is issued twice.
 *
 * <p>Only what the requesting municipality owns is answered ({@link NumberingOwnership}); a
 * refused request issues nothing and records nothing.
 *
 * <p>One request is one transaction: the current rows of its codes are locked in code order, new
 * numbers inserted, and the answer recorded under the request id. A request that loses a race
 * with a concurrent one for the same code or the same request id fails on a unique index
 * (the code's one current number, or the request id) and is tried again from the start, when it
 * sees what the winner committed. Retrying is safe because the whole attempt rolled back.
 */
@Service
class IssueMyNumbers {

    private static final Logger log = LoggerFactory.getLogger(IssueMyNumbers.class);

    /** Far beyond any real chain of collisions (each has a chance of about 10⁻⁴ at 10⁷ numbers issued). */
    private static final int MAX_DERIVATIONS_PER_CODE = 10_000;

    private final MyNumberRequests requests;
    private final IssuedMyNumbers issued;
    private final NumberingOwnership ownership;
    private final MyNumberDerivation derivation;
    private final TransactionTemplate transactions;
    private final int maxAttempts;

    IssueMyNumbers(MyNumberRequests requests, IssuedMyNumbers issued, NumberingOwnership ownership,
            MyNumberDerivation derivation, PlatformTransactionManager transactionManager, NumberingSettings settings) {
        this.requests = requests;
        this.issued = issued;
        this.ownership = ownership;
        this.derivation = derivation;
        this.transactions = new TransactionTemplate(transactionManager);
        this.maxAttempts = settings.maxAttempts();
    }

    /**
     * @return one assignment per requested code, in the order of the request
     * @throws Refusal forbidden when the municipality may not have a code numbered as asked
     *                 ({@link NumberingOwnership}) or the request id was answered to another
     *                 municipality; conflict when the request id was used for another request;
     *                 unavailable when the request kept losing races with concurrent requests
     */
    MyNumberResponse issue(MyNumberRequest request) {
        for (int attempt = 1;; attempt++) {
            try {
                return transactions.execute(status -> attempt(request));
            } catch (DuplicateKeyException | ConcurrencyFailureException e) {
                if (attempt >= maxAttempts) {
                    log.warn("My Number request {} lost {} races with concurrent requests; giving up",
                            request.requestId(), attempt);
                    throw new Refusal(Refusal.Kind.UNAVAILABLE, null,
                            "concurrent requests for the same resident codes; try again");
                }
                log.debug("My Number request {} met a concurrent request (attempt {}); retrying",
                        request.requestId(), attempt);
            }
        }
    }

    private MyNumberResponse attempt(MyNumberRequest request) {
        Optional<Answered> answered = requests.find(request.requestId());
        if (answered.isPresent()) {
            if (answered.get().municipality() != null) {
                ownership.requireSameRequester(request, answered.get().municipality());
            } else {
                // answered before requests named their municipality: decided as a new request would be
                ownership.requireOwned(request);
            }
            if (!answered.get().answers(request)) {
                throw Refusal.conflict("requestId", "this request id was already used for other resident codes");
            }
            return answered.get().response();
        }
        ownership.requireOwned(request);

        List<ResidentCode> codes = request.residentCodes().stream().sorted().toList();
        Map<ResidentCode, MyNumber> current = issued.lockCurrent(codes);
        Map<ResidentCode, MyNumber> numbers = new HashMap<>();
        List<ResidentCode> withoutNumber;
        if (request.reissue()) {
            issued.retire(current.values());
            withoutNumber = codes;
        } else {
            numbers.putAll(current);
            withoutNumber = codes.stream().filter(code -> !current.containsKey(code)).toList();
        }
        numbers.putAll(issueNew(withoutNumber));

        MyNumberResponse response = new MyNumberResponse(request.residentCodes().stream()
                .map(code -> new MyNumberAssignment(code, numbers.get(code))).toList());
        requests.record(request, response);
        log.debug("My Number request {}: {} codes, {} new numbers, {} retired", request.requestId(), codes.size(),
                withoutNumber.size(), request.reissue() ? current.size() : 0);
        return response;
    }

    /** New numbers for {@code codes} (sorted), each never issued before. */
    private Map<ResidentCode, MyNumber> issueNew(List<ResidentCode> codes) {
        Map<ResidentCode, MyNumber> issuedNow = new HashMap<>();
        if (codes.isEmpty()) {
            return issuedNow;
        }
        // Start after the code's own earlier counters: those numbers are taken (by this code).
        Map<ResidentCode, Integer> counters = issued.nextCounters(codes);
        List<ResidentCode> pending = codes;
        while (!pending.isEmpty()) {
            List<Candidate> candidates = new ArrayList<>(pending.size());
            for (ResidentCode code : pending) {
                int counter = counters.getOrDefault(code, 0);
                if (counter >= MAX_DERIVATIONS_PER_CODE) {
                    throw new IllegalStateException("no free My Number after " + counter + " derivations");
                }
                candidates.add(new Candidate(code, counter, derivation.derive(code, counter)));
            }
            Set<ResidentCode> accepted = issued.issueUnlessTaken(candidates);
            List<ResidentCode> collided = new ArrayList<>();
            for (Candidate candidate : candidates) {
                if (accepted.contains(candidate.residentCode())) {
                    issuedNow.put(candidate.residentCode(), candidate.myNumber());
                } else {
                    counters.merge(candidate.residentCode(), 1, Integer::sum);
                    collided.add(candidate.residentCode());
                }
            }
            if (!collided.isEmpty()) {
                log.debug("{} derived My Numbers were issued before; deriving with the next counter", collided.size());
            }
            pending = collided;
        }
        return issuedNow;
    }
}
