package jp.jukinet.portal.enrolment;

import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Failed activations per slip: a slip with {@value #LIMIT} wrong dates of birth is used up, so that
 * whoever finds a slip cannot try every day of a century. Counted in the portal's database, so a
 * restart forgets nothing.
 */
@Component
class SlipFailures {

    static final int LIMIT = 5;

    private final JdbcClient jdbc;

    SlipFailures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean usedUp(UUID slipId) {
        return jdbc.sql("SELECT failures FROM slip_failures WHERE slip_id = ?").param(slipId).query(Integer.class)
                .optional().map(failures -> failures >= LIMIT).orElse(false);
    }

    void failed(UUID slipId, Instant now) {
        jdbc.sql("""
                        INSERT INTO slip_failures (slip_id, failures, last_failed_at) VALUES (:slip, 1, :now)
                        ON CONFLICT (slip_id) DO UPDATE SET failures = slip_failures.failures + 1, last_failed_at = :now""")
                .param("slip", slipId).param("now", java.sql.Timestamp.from(now)).update();
    }
}
