package jp.jukinet.cs;

import static jp.jukinet.testsupport.BootedServiceChecks.assertHealthy;
import static jp.jukinet.testsupport.BootedServiceChecks.assertMigrated;
import static jp.jukinet.testsupport.BootedServiceChecks.assertOpenApiDocument;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

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
                "fuhyo_refusals", "households", "household_members", "provision_records",
                "provision_chain_head"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesItsOpenApiDocument() {
        Map<String, Object> document = assertOpenApiDocument(port, "Juki-Net municipal CS");
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        assertThat(paths).containsKeys("/api/v1/municipalities/{lg}/lookups", "/api/v1/municipalities/{lg}/provision-rules",
                "/api/v1/municipalities/{lg}/provision-records");
        // DV support measures over the network are marked as a proposal beyond today's practice
        Map<String, Object> dv = (Map<String, Object>) paths.get("/api/v1/municipalities/{lg}/residents/{residentCode}/dv-protection");
        assertThat((String) ((Map<String, Object>) dv.get("put")).get("description")).contains("PROPOSAL BEYOND TODAY'S PRACTICE");
        Map<String, Object> messages = (Map<String, Object>) paths.get("/internal/v1/municipalities/{lg}/messages");
        assertThat((String) ((Map<String, Object>) messages.get("post")).get("description"))
                .contains("PROPOSAL BEYOND TODAY'S PRACTICE");
    }

    @Autowired
    CsSettings settings;

    @Test
    void knowsWhichMunicipalityItServes() {
        org.assertj.core.api.Assertions.assertThat(settings.municipality().value()).isEqualTo("131016");
    }
}
