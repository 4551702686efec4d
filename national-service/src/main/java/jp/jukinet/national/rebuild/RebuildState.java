package jp.jukinet.national.rebuild;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.service.rebuild.RebuildStatus;

/**
 * Whether J-LIS serves or is being rebuilt from the prefecture servers (F8), kept in
 * {@code rebuild_state}: the shared {@link RebuildStatus} with J-LIS's notion of an empty register
 * (no resident, no history, no allocated code or block, no issued My Number, no notice ever
 * received) and its sources, {@code jukinet.national.rebuild.sources}. While {@code REBUILDING} or
 * {@code CHECKING} every API answers 503 ({@link RebuildGate}).
 */
@Component
public class RebuildState extends RebuildStatus {

    RebuildState(JdbcClient jdbc, RebuildSettings settings) {
        super(jdbc, "J-LIS", settings.start(), settings.sources(), """
                SELECT NOT EXISTS (SELECT 1 FROM residents) AND NOT EXISTS (SELECT 1 FROM resident_history)
                   AND NOT EXISTS (SELECT 1 FROM allocated_resident_codes) AND NOT EXISTS (SELECT 1 FROM resident_code_blocks)
                   AND NOT EXISTS (SELECT 1 FROM issued_my_numbers) AND NOT EXISTS (SELECT 1 FROM inbound_progress)""");
    }
}
