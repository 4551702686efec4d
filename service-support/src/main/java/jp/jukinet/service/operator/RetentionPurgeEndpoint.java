package jp.jukinet.service.operator;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import jp.jukinet.service.register.RetentionPurge;
import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * Runs the retention purge (保存期間の経過した本人確認情報の消去, {@link RetentionPurge}) now,
 * instead of waiting for its schedule: {@code POST /actuator/retentionpurge}. Only where the statute
 * sets a retention (prefecture servers, J-LIS), and like every actuator endpoint but health only for
 * an operator certificate ({@code operator-*}) on a direct connection ({@link PeerIdentityFilter}).
 * The purge removes only rows whose retention ended, whoever runs it and however often: a second
 * run the same day removes nothing more.
 */
@Endpoint(id = "retentionpurge")
public class RetentionPurgeEndpoint {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurgeEndpoint.class);

    private final RetentionPurge purge;
    private final Clock clock;

    public RetentionPurgeEndpoint(RetentionPurge purge, Clock clock) {
        this.purge = purge;
        this.clock = clock;
    }

    /** @return {@code removed}: the rows removed; {@code ranAt}: when */
    @WriteOperation
    public Map<String, Object> run() {
        Instant started = clock.instant();
        int removed = purge.run();
        log.info("Operator {} ran the retention purge: {} rows removed", Operators.caller(), removed);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("removed", removed);
        answer.put("ranAt", started);
        return answer;
    }
}
