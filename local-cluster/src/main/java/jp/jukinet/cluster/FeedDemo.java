package jp.jukinet.cluster;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The push-type notification demo (プッシュ型通知, F6) of the local cluster: 千代田区's 国民健康保険
 * ({@value #AGENCY}) follows every change J-LIS records of a resident notified by 東京都, under its
 * national rule ({@value #RULE}, 住基法 第30条の10), and reads the feed by pull. Its events carry
 * only that rule's fields (no resident code, no My Number), and a change notified by 大阪府 is
 * outside the rule's scope and never in the feed, so the printed examples show both.
 *
 * <p>The subscription is made once, through the gateway with the agency's certificate, as the
 * agency itself would; a later start finds it among the agency's subscriptions at J-LIS (whose
 * database lives under {@code var/}) and makes no second one. Pull only: no webhook endpoint, so
 * the gateway's outbound policy lists nothing for it.
 */
final class FeedDemo {

    /** 千代田区長 as the insurer of 国民健康保険: a recipient the rules name, with a certificate the cluster issues. */
    static final String AGENCY = "agency-lg131016-kokuho";
    /** Its rule allows EVERY_CHANGE over its criterion: every resident in scope (notified by 東京都). */
    static final String RULE = "lg131016-30-10-kokuho";

    private static final String SUBSCRIPTIONS = "/api/v1/national/subscriptions";

    private FeedDemo() {
    }

    /**
     * The id of the demo subscription: the agency's not-cancelled EVERY_CHANGE subscription to its
     * criterion under {@value #RULE} if it has one, else a new one.
     *
     * @throws ClusterException when J-LIS refuses or cannot be reached
     */
    static String ensureSubscription(ClusterClients clients) {
        RestClient agency = clients.as(AGENCY);
        try {
            List<?> existing = agency.get().uri(SUBSCRIPTIONS).retrieve().body(List.class);
            for (Object each : existing == null ? List.of() : existing) {
                Map<?, ?> subscription = (Map<?, ?>) each;
                if (RULE.equals(subscription.get("basis")) && "EVERY_CHANGE".equals(subscription.get("mode"))
                        && "CRITERION".equals(subscription.get("target")) && !"CANCELLED".equals(subscription.get("status"))) {
                    return (String) subscription.get("id");
                }
            }
            Map<?, ?> created = agency.post().uri(SUBSCRIPTIONS).contentType(MediaType.APPLICATION_JSON)
                    .body("{\"basis\":\"" + RULE + "\",\"mode\":\"EVERY_CHANGE\",\"target\":\"CRITERION\"}")
                    .retrieve().body(Map.class);
            return (String) created.get("id");
        } catch (RestClientException e) {
            throw new ClusterException("the demo subscription of " + AGENCY + " could not be made at J-LIS: " + e.getMessage(), e);
        }
    }
}
