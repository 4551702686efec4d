package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml, checked without a Docker engine: what it builds exists, the zones are
 * isolated with only the gateway between them, and every port, property and health check matches
 * the configuration the services really read.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> ZONE_OF_MODULE = Map.of(
            "national-service", "national", "prefecture-service", "prefectural", "cs-service", "municipal");
    private static final Map<String, String> DB_OF_ZONE = Map.of(
            "national", "db-national", "prefectural", "db-prefectural", "municipal", "db-municipal");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyServiceIsBuiltFromThisRepositoryOrIsThePostgresImage() throws IOException {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Map<String, Object> definition = service.getValue();
            if (definition.containsKey("image")) {
                assertThat(service.getKey()).startsWith("db-");
                assertThat(definition.get("image")).isEqualTo("postgres:17");
                continue;
            }
            Map<String, Object> build = map(definition.get("build"));
            Path context = ROOT.resolve((String) build.get("context")).normalize();
            assertThat(context.resolve((String) build.get("dockerfile"))).as(service.getKey()).isRegularFile();
            String module = (String) map(build.get("args")).get("MODULE");
            assertThat(context.resolve(module).resolve("pom.xml")).as(service.getKey() + " builds a module").isRegularFile();
        }
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("${MODULE}-0.1.0-SNAPSHOT-exec.jar");
    }

    @Test
    void onlyTheGatewayJoinsMoreThanOneZone() throws IOException {
        assertThat(map(compose.get("networks")).keySet()).containsExactlyInAnyOrder("municipal", "prefectural", "national", "agency");
        assertThat(networks("gateway")).containsExactlyInAnyOrder("municipal", "prefectural", "national", "agency");
        for (String name : services.keySet()) {
            if (name.equals("gateway")) {
                continue;
            }
            if (name.equals("pki")) {
                assertThat(services.get(name).get("network_mode")).isEqualTo("none");
                continue;
            }
            assertThat(networks(name)).as(name).hasSize(1);
        }
        for (String node : nodes()) {
            String zone = ZONE_OF_MODULE.get(module(node));
            assertThat(networks(node)).as(node).containsExactly(zone);
        }
        DB_OF_ZONE.forEach((zone, db) -> assertThat(networks(db)).containsExactly(zone));
        assertThat(map(services.get("gateway")).get("ports")).isEqualTo(List.of("8443:8443"));
        assertThat(nodes()).allSatisfy(node -> assertThat(services.get(node)).doesNotContainKey("ports"));
    }

    @Test
    void environmentNamesPropertiesTheServicesReadAndPortsAgree() throws IOException {
        for (String node : nodes()) {
            Map<String, Object> configuration = configuration(module(node));
            Map<String, String> environment = environment(node);
            for (String variable : environment.keySet()) {
                String property = variable.toLowerCase(Locale.ROOT).replace('_', '.');
                assertThat(configuration).as(node + ": " + variable + " sets a property the service reads")
                        .containsKey(property);
            }
            int port = Integer.parseInt(environment.get("SERVER_PORT"));
            assertThat(port).as(node + " listens where the gateway policy and the local cluster put it")
                    .isEqualTo(URI.create(String.valueOf(policy().get("jukinet.gateway.nodes." + node))).getPort())
                    .isEqualTo(new Topology(0).node(node).port());
            assertThat(healthUrl(node)).isEqualTo(URI.create("https://localhost:" + port + "/actuator/health/readiness"));
            assertThat(configuration.get("management.endpoint.health.probes.enabled")).as(node + " serves readiness").isEqualTo(true);
            assertThat(String.valueOf(configuration.get("management.endpoints.web.exposure.include"))).contains("health");

            URI database = URI.create(environment.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));
            String db = DB_OF_ZONE.get(ZONE_OF_MODULE.get(module(node)));
            assertThat(database.getHost()).isEqualTo(db);
            assertThat(Files.readString(ROOT.resolve("docker/postgres/" + ZONE_OF_MODULE.get(module(node)) + ".sql")))
                    .contains("CREATE DATABASE " + database.getPath().substring(1) + ";");
            assertThat(dependsOn(node)).containsEntry(db, "service_healthy").containsEntry("pki", "service_completed_successfully");
            if (!module(node).equals("national-service")) {
                assertThat(environment.get("JUKINET_OUTBOX_UPLINK")).isEqualTo("https://gateway:8443");
            }
        }
    }

    @Test
    void theGatewayKnowsEveryNodeWhereItListensAndEveryNodeOfItsPolicy() throws IOException {
        Map<String, String> environment = environment("gateway");
        JsonNode nodes = JsonMapper.builder().build().readTree(environment.get("SPRING_APPLICATION_JSON"))
                .get("jukinet").get("gateway").get("nodes");
        Map<String, Object> policy = policy();
        Set<String> policyNodes = policy.keySet().stream().filter(key -> key.startsWith("jukinet.gateway.nodes."))
                .map(key -> key.substring("jukinet.gateway.nodes.".length())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> composeNodes = new TreeSet<>();
        nodes.propertyNames().forEach(composeNodes::add);
        assertThat(composeNodes).isEqualTo(policyNodes).isEqualTo(new TreeSet<>(nodes()));
        for (String node : nodes()) {
            assertThat(URI.create(nodes.get(node).asString()))
                    .isEqualTo(URI.create("https://" + node + ":" + environment(node).get("SERVER_PORT")));
        }
        assertThat(healthUrl("gateway")).isEqualTo(URI.create("https://localhost:" + environment.get("SERVER_PORT")
                + "/actuator/health/readiness"));
        assertThat(configuration("gateway").get("management.endpoint.health.probes.enabled")).isEqualTo(true);
    }

    @Test
    void theOneShotPkiJobIssuesEveryIdentityTheNetworkUses() throws IOException {
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) services.get("pki").get("command");
        assertThat(command.subList(0, 2)).containsExactly("ensure", "/pki");
        Set<String> expected = new TreeSet<>(nodes());
        expected.add("gateway");
        Topology.MUNICIPALITIES.forEach(municipality -> expected.add("clerk-" + municipality.code()));
        expected.addAll(LocalCluster.agencies());
        assertThat(new TreeSet<>(command.subList(2, command.size()))).isEqualTo(expected);
        assertThat(map(map(services.get("pki")).get("build")).get("args")).isEqualTo(Map.of("MODULE", "dev-pki"));
    }

    private static Map<String, Object> policy() throws IOException {
        return flatten(new Yaml().load(Files.readString(ROOT.resolve("gateway/src/main/resources/gateway-policy.yaml"))));
    }

    /** The nodes with a database: national, prefecture and CS containers. */
    private static List<String> nodes() {
        List<String> nodes = new ArrayList<>();
        services.forEach((name, definition) -> {
            if (definition.containsKey("build") && ZONE_OF_MODULE.containsKey(module(name))) {
                nodes.add(name);
            }
        });
        assertThat(nodes).hasSize(7);
        return nodes;
    }

    private static String module(String service) {
        return (String) map(map(services.get(service).get("build")).get("args")).get("MODULE");
    }

    @SuppressWarnings("unchecked")
    private static List<String> networks(String service) {
        return (List<String>) services.get(service).get("networks");
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(services.get(service).get("environment")).forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    private static Map<String, String> dependsOn(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        map(services.get(service).get("depends_on")).forEach((key, value) -> conditions.put(key, (String) map(value).get("condition")));
        return conditions;
    }

    private static URI healthUrl(String service) {
        @SuppressWarnings("unchecked")
        List<String> test = (List<String>) map(services.get(service).get("healthcheck")).get("test");
        assertThat(test.subList(0, 2)).containsExactly("CMD", "curl");
        assertThat(test).contains("/pki/" + service + ".crt", "/pki/" + service + ".key", "/pki/ca.crt");
        return URI.create(test.get(test.size() - 1));
    }

    /**
     * What a module reads: its {@code <module>.yaml}, flattened to
     * property names, plus the Spring Boot properties compose sets that the module's yaml does not
     * name itself.
     */
    private static Map<String, Object> configuration(String module) throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        Path resources = ROOT.resolve(module).resolve("src/main/resources");
        properties.putAll(flatten(new Yaml().load(Files.readString(resources.resolve(module + ".yaml")))));
        properties.putIfAbsent("spring.application.json", "(Spring Boot: properties as JSON)");
        return properties;
    }

    private static Map<String, Object> flatten(Map<String, Object> yaml) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", yaml, flat);
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, flat));
        } else {
            flat.put(prefix, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
