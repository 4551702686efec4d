package jp.jukinet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * What every booted service must show an operator: health, its OpenAPI document, and its schema
 * migrated by Flyway. Shared here so that each service's boot test states only what is its own.
 */
public final class BootedServiceChecks {

    private BootedServiceChecks() {
    }

    /** Health is UP, and so is the database component when the service has one. */
    @SuppressWarnings("unchecked")
    public static void assertHealthy(int port, boolean withDatabase) {
        Map<String, Object> health = client(port).get().uri("/actuator/health").retrieve().body(Map.class);
        assertThat(health).containsEntry("status", "UP");
        if (withDatabase) {
            Map<String, Object> components = (Map<String, Object>) health.get("components");
            assertThat((Map<String, Object>) components.get("db")).containsEntry("status", "UP");
        }
    }

    /** {@code /v3/api-docs} is an OpenAPI 3 document titled {@code title}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> assertOpenApiDocument(int port, String title) {
        Map<String, Object> document = client(port).get().uri("/v3/api-docs").retrieve().body(Map.class);
        assertThat((String) document.get("openapi")).startsWith("3.");
        assertThat((Map<String, Object>) document.get("info")).containsEntry("title", title);
        return document;
    }

    /**
     * Flyway applied every migration successfully and the named tables exist.
     */
    public static void assertMigrated(JdbcClient jdbc, List<String> expectedTables) {
        List<Boolean> outcomes = jdbc.sql("SELECT success FROM flyway_schema_history WHERE version IS NOT NULL")
                .query(Boolean.class).list();
        assertThat(outcomes).isNotEmpty().allMatch(Boolean::booleanValue);
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .query(String.class).list();
        assertThat(tables).containsAll(expectedTables);
    }

    private static RestClient client(int port) {
        return RestClient.create("http://localhost:" + port);
    }
}
