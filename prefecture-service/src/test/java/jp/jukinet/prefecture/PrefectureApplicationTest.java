package jp.jukinet.prefecture;

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
class PrefectureApplicationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void bootsHealthyAgainstPostgresWithMigrationsApplied() {
        assertHealthy(port, true);
        assertMigrated(jdbc, List.of("residents", "resident_history", "retired_resident_codes", "inbound_progress", "held_notices", "notice_outbox", "notice_outbox_state"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        assertOpenApiDocument(port, "Juki-Net prefecture server");
    }

    @Autowired
    PrefectureSettings settings;

    @Test
    void knowsWhichPrefectureItServes() {
        org.assertj.core.api.Assertions.assertThat(settings.prefecture().japaneseName()).isEqualTo("東京都");
    }
}
