package jp.jukinet.downstream.holding;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jp.jukinet.downstream.DownstreamSettings;
import jp.jukinet.downstream.JlisClient;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.TargetResult;

/**
 * A holder starts holding persons (a card issued, certificates issued): it adds them to its
 * subscription's targets at J-LIS first, then looks each up under its rule and stores what J-LIS
 * answered. In that order no change is lost: a change after the target was added is in the feed,
 * and one before is in the lookup's answer; the feed's later events carry the newer state.
 */
public class EnrolHoldings {

    private final DownstreamSettings settings;
    private final JlisClient jlis;
    private final FeedFollower follower;
    private final Holdings holdings;
    private final Clock clock;

    public EnrolHoldings(DownstreamSettings settings, JlisClient jlis, FeedFollower follower, Holdings holdings, Clock clock) {
        this.settings = settings;
        this.jlis = jlis;
        this.follower = follower;
        this.holdings = holdings;
        this.clock = clock;
    }

    /** What became of one person: ENROLLED, HELD (already), or the target outcome J-LIS gave (NOT_FOUND, REFUSED …). */
    public record Enrolment(ResidentCode residentCode, String outcome) {

        @Override
        public String toString() {
            return "Enrolment[" + outcome + "]";
        }
    }

    public List<Enrolment> enrol(List<ResidentCode> codes) {
        UUID subscription = follower.ensureSubscribed();
        List<TargetResult> targets = jlis.addTargets(subscription, codes);
        List<Enrolment> enrolments = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            ResidentCode code = codes.get(i);
            TargetResult target = targets.get(i);
            if (target.outcome() != TargetResult.Outcome.ADDED) {
                enrolments.add(new Enrolment(code, target.outcome().name()));
                continue;
            }
            LookupResult information = jlis.lookup(LookupRequest.byResidentCode(settings.basis(), code));
            enrolments.add(new Enrolment(code, holdings.enrol(information, clock.instant()) ? "ENROLLED" : "HELD"));
        }
        return enrolments;
    }
}
