package jp.jukinet.national;

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
class NationalApplicationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void bootsHealthyAgainstPostgresWithMigrationsApplied() {
        assertHealthy(port, true);
        assertMigrated(jdbc, List.of("residents", "resident_history", "retired_resident_codes", "inbound_progress", "held_notices",
                "numbering_counters", "resident_code_blocks", "allocated_resident_codes", "issued_my_numbers", "my_number_requests"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        assertOpenApiDocument(port, "Juki-Net national server (J-LIS)");
    }

    @Autowired
    jp.jukinet.service.register.RegisterSettings settings;

    @Test
    void keepsRecordsFor150YearsByDefault() {
        org.assertj.core.api.Assertions.assertThat(settings.retention()).isEqualTo(java.time.Period.ofYears(150));
    }
}
