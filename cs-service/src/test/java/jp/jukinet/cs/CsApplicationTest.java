package jp.jukinet.cs;

import static jp.jukinet.testsupport.BootedServiceChecks.assertHealthy;
import static jp.jukinet.testsupport.BootedServiceChecks.assertMigrated;
import static jp.jukinet.testsupport.BootedServiceChecks.assertOpenApiDocument;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.testsupport.ServiceIntegrationTest;

@ServiceIntegrationTest
class CsApplicationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void bootsHealthyAgainstPostgresWithMigrationsApplied() {
        assertHealthy(port, true);
        assertMigrated(jdbc, List.of("residents", "resident_history", "retired_resident_codes", "notice_outbox", "notice_outbox_state", "idempotency_keys", "resident_code_blocks", "resident_code_pool_blocks", "resident_code_pool",
                "inbound_progress", "held_notices", "peer_outbox", "peer_outbox_state", "outgoing_moves", "incoming_moves",
                "move_anomalies", "dv_protections", "record_copy_log", "permanent_domiciles", "fuhyo_entries",
                "fuhyo_refusals", "households", "household_members"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        assertOpenApiDocument(port, "Juki-Net municipal CS");
    }

    @Autowired
    CsSettings settings;

    @Test
    void knowsWhichMunicipalityItServes() {
        org.assertj.core.api.Assertions.assertThat(settings.municipality().value()).isEqualTo("131016");
    }
}
