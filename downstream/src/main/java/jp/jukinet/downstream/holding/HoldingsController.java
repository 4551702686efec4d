package jp.jukinet.downstream.holding;

import java.util.List;
import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import jp.jukinet.downstream.DownstreamSettings;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.web.Refusal;

/**
 * What a holder holds, for the operator ({@code operator-*} certificates only, see ConsumerAccess)
 * and the tests: one person's holding, the summary of the feed, and enrolment of persons.
 */
@RestController
@ConditionalOnExpression("'${jukinet.downstream.system:}' != 'IPN'")
@RequestMapping("/api/v1/downstream")
class HoldingsController {

    private final DownstreamSettings settings;
    private final Holdings holdings;
    private final FeedApplier applier;
    private final EnrolHoldings enrol;

    HoldingsController(DownstreamSettings settings, Holdings holdings, FeedApplier applier, EnrolHoldings enrol) {
        this.settings = settings;
        this.holdings = holdings;
        this.applier = applier;
        this.enrol = enrol;
    }

    /** The system, its subscription at J-LIS, the sequence applied, and how many persons it holds. */
    record Summary(String system, String name, String identity, String basis, UUID subscription, long appliedThrough,
                   long held, long ended) {
    }

    @GetMapping("/holdings")
    Summary summary() {
        Holdings.Counts counts = holdings.counts();
        return new Summary(settings.system().name(), settings.system().japaneseName(), settings.identity(), settings.basis(),
                applier.subscription().orElse(null), applier.appliedThrough(), counts.held(), counts.ended());
    }

    /** What is held of one person; 404 when the system holds nothing of them. */
    @GetMapping("/holdings/{residentCode}")
    Holding holding(@PathVariable String residentCode) {
        return holdings.find(ResidentCode.of(residentCode))
                .orElseThrow(() -> Refusal.notFound(ResidentCode.FIELD, "this system holds nothing of that person"));
    }

    record EnrolRequest(List<ResidentCode> residentCodes) {
    }

    /** Starts holding persons: {@code {"residentCodes": [...]}} (at most 1,000); one outcome per person, in order. */
    @PostMapping(path = "/holdings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.OK)
    List<EnrolHoldings.Enrolment> enrol(@RequestBody EnrolRequest request) {
        if (request.residentCodes() == null || request.residentCodes().isEmpty() || request.residentCodes().size() > 1000) {
            throw Refusal.invalid("residentCodes", "residentCodes must name 1 to 1,000 persons");
        }
        return enrol.enrol(request.residentCodes());
    }
}
