package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml, checked without a Docker engine: what it builds exists, the zones are
 * isolated with only the gateway between them, every port, property and health check matches
 * the configuration the services really read, each container reaches only its own key, and each
 * node's database only its own role may open (the init scripts run against a real PostgreSQL).
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> ZONE_OF_MODULE = Map.of(
            "national-service", "national", "prefecture-service", "prefectural", "cs-service", "municipal");
    private static final Map<String, String> DB_OF_ZONE = Map.of(
            "national", "db-national", "prefectural", "db-prefectural", "municipal", "db-municipal");

    /** The operator's tool, and the certificate it presents. */
    private static final String ADMIN = "admin";
    private static final String OPERATOR = "operator-local";
    /** Prometheus reads every node's metrics with an operator certificate of its own; Grafana reads Prometheus. */
    private static final String PROMETHEUS = "prometheus";
    private static final String PROMETHEUS_OPERATOR = "operator-prometheus";
    private static final String GRAFANA = "grafana";
    /** The images not built here: each zone's PostgreSQL, and the monitoring, pinned. */
    private static final Map<String, String> IMAGES = Map.of(PROMETHEUS, "prom/prometheus:v3.5.0",
            GRAFANA, "grafana/grafana:11.6.0");

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
                assertThat(definition.get("image")).as(service.getKey())
                        .isEqualTo(service.getKey().startsWith("db-") ? "postgres:17" : IMAGES.get(service.getKey()));
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
    void onlyTheGatewayAndTheOperatorsToolJoinMoreThanOneZone() throws IOException {
        assertThat(map(compose.get("networks")).keySet())
                .containsExactlyInAnyOrder("municipal", "prefectural", "national", "agency", "monitoring");
        assertThat(networks("gateway")).containsExactlyInAnyOrder("municipal", "prefectural", "national", "agency");
        // the operator's tool reaches the nodes' actuators directly; never the agencies' zone, never a port, never by default
        assertThat(networks(ADMIN)).containsExactlyInAnyOrder("municipal", "prefectural", "national");
        assertThat(services.get(ADMIN)).doesNotContainKey("ports");
        assertThat(services.get(ADMIN).get("profiles")).isEqualTo(List.of("tools"));
        // Prometheus reads the nodes' actuators directly too, and is read by Grafana, which reaches nothing else;
        // both published on this machine's loopback only
        assertThat(networks(PROMETHEUS)).containsExactlyInAnyOrder("municipal", "prefectural", "national", "monitoring");
        assertThat(networks(GRAFANA)).containsExactly("monitoring");
        assertThat(services.get(PROMETHEUS).get("ports")).isEqualTo(List.of("127.0.0.1:9090:9090"));
        assertThat(services.get(GRAFANA).get("ports")).isEqualTo(List.of("127.0.0.1:3000:3000"));
        for (String name : services.keySet()) {
            if (name.equals("gateway") || name.equals(ADMIN) || name.equals(PROMETHEUS)) {
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
                if (!configuration.containsKey(property)) {
                    // a secret has no default in the yaml: the service's code names it when it is missing
                    assertThat(mainSources(module(node))).as(node + ": " + variable + " sets a property the service reads")
                            .contains(property);
                }
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
                    .contains("CREATE DATABASE " + database.getPath().substring(1) + " OWNER ");
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
    void theOneShotPkiJobIssuesEveryIdentityTheNetworkUsesAndDistributesToEveryNode() throws IOException {
        List<List<String>> steps = pkiSteps();
        assertThat(steps).hasSize(3);
        List<String> ensure = steps.get(0);
        assertThat(ensure.subList(0, 2)).containsExactly("ensure", "/pki");
        Set<String> expected = new TreeSet<>(nodes());
        expected.add("gateway");
        Topology.MUNICIPALITIES.forEach(municipality -> expected.add("clerk-" + municipality.code()));
        expected.addAll(LocalCluster.agencies());
        expected.add("operator-local"); // reads the nodes' and the gateway's actuator beyond health
        expected.add(PROMETHEUS_OPERATOR); // reads their metrics
        assertThat(new TreeSet<>(ensure.subList(2, ensure.size()))).isEqualTo(expected);

        // J-LIS's webhook signing key, made in the CA's volume, handed to the national server alone by distribute; and
        // the provision-chain head keys of J-LIS and of every prefecture (each node its own, issue #15)
        List<String> signingKeys = new ArrayList<>(List.of("signing-key", "/pki", "national-webhook-signing"));
        nodes().stream().filter(node -> node.equals("national") || node.startsWith("pref-")).sorted()
                .forEach(node -> signingKeys.add(node + "-chain-signing"));
        assertThat(steps.get(1).subList(0, 3)).containsExactlyElementsOf(signingKeys.subList(0, 3));
        assertThat(new TreeSet<>(steps.get(1).subList(3, steps.get(1).size())))
                .isEqualTo(new TreeSet<>(signingKeys.subList(3, signingKeys.size())));

        List<String> distribute = steps.get(2);
        assertThat(distribute.subList(0, 3)).containsExactly("distribute", "/pki", "/keys");
        Set<String> everyNode = new TreeSet<>(nodes());
        everyNode.add("gateway");
        everyNode.add(OPERATOR); // the admin service's certificate
        everyNode.add(PROMETHEUS_OPERATOR); // Prometheus's
        assertThat(new TreeSet<>(distribute.subList(3, distribute.size()))).isEqualTo(everyNode);

        Map<String, Object> args = map(map(services.get("pki").get("build")).get("args"));
        assertThat(args.get("MODULE")).isEqualTo("dev-pki");
        // the image makes each key volume's mount point, so the volume belongs to the job's user
        Set<String> keyMounts = mounts("pki").stream().map(Mount::target).filter(target -> target.startsWith("/keys/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(List.of(String.valueOf(args.get("KEY_DIRECTORIES")).split(" ")))).isEqualTo(keyMounts);
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("ARG KEY_DIRECTORIES").contains("for directory in ${KEY_DIRECTORIES}");
    }

    /**
     * Which private keys each container can read, from what the PKI job writes where: {@code ensure
     * <dir>} puts the CA's key and every listed identity's key in the volume mounted at {@code <dir>},
     * {@code distribute <dir> <target> <node>...} puts each node's own key (and no other, as
     * dev-pki's KeyDistributionTest shows) in the volume mounted at {@code <target>/<node>}.
     */
    @Test
    void noContainerButThePkiJobMountsTheCaKeyAndEachNodeMountsOnlyItsOwnKey() {
        Map<String, Set<String>> keysInVolume = new LinkedHashMap<>();
        Map<String, String> volumeAt = new LinkedHashMap<>();
        mounts("pki").stream().filter(Mount::named).forEach(mount -> volumeAt.put(mount.target(), mount.source()));
        for (List<String> step : pkiSteps()) {
            switch (step.get(0)) {
                case "ensure", "issue" -> {
                    String volume = volumeAt.get(step.get(1));
                    assertThat(volume).as("the PKI job keeps its CA in a volume, mounted at " + step.get(1)).isNotNull();
                    Set<String> keys = keysInVolume.computeIfAbsent(volume, name -> new TreeSet<>());
                    keys.add("ca.key");
                    step.subList(2, step.size()).forEach(identity -> keys.add(identity + ".key"));
                }
                case "signing-key" -> step.subList(2, step.size()).forEach(name -> keysInVolume
                        .computeIfAbsent(volumeAt.get(step.get(1)), volume -> new TreeSet<>()).add(name + ".key"));
                case "distribute" -> step.subList(3, step.size()).forEach(node -> {
                    String target = step.get(2) + "/" + node;
                    assertThat(volumeAt).as("distribute writes " + target + ": a volume must be mounted there").containsKey(target);
                    Set<String> keys = keysInVolume.computeIfAbsent(volumeAt.get(target), name -> new TreeSet<>());
                    keys.add(node + ".key");
                    if (node.equals("national")) {
                        keys.add("national-webhook-signing.key"); // dev-pki's KeyDistributionTest: the national server's alone
                    }
                    if (node.equals("national") || node.startsWith("pref-")) {
                        keys.add(node + "-chain-signing.key"); // its own provision-chain head key, and only its own
                    }
                });
                default -> throw new AssertionError("the PKI job runs a step this test does not know: " + step);
            }
        }
        assertThat(keysInVolume.values().stream().filter(keys -> keys.contains("ca.key")).count()).isEqualTo(1);

        for (String service : services.keySet()) {
            assertThat(services.get(service)).as(service).doesNotContainKeys("volumes_from", "secrets", "configs");
            Map<String, String> reachable = new TreeMap<>(); // key file -> the volume it is reached through
            for (Mount mount : mounts(service)) {
                if (mount.named()) {
                    keysInVolume.getOrDefault(mount.source(), Set.of()).forEach(key -> reachable.put(key, mount.source()));
                } else {
                    // a zone's PostgreSQL binds its init script, Prometheus and Grafana their configuration; nothing else binds
                    String bound = service.startsWith("db-") ? "./docker/postgres/"
                            : service.equals(PROMETHEUS) ? "./docker/prometheus/" : service.equals(GRAFANA) ? "./docker/grafana/" : null;
                    assertThat(bound).as(service + " binds nothing of this machine").isNotNull();
                    assertThat(mount.source()).as(service + " binds only its configuration").startsWith(bound);
                    assertThat(mount.readOnly()).as(service + " binds " + mount.source() + " read-only").isTrue();
                }
            }
            if (service.equals("pki")) {
                continue;
            }
            assertThat(reachable).as("%s reaches no CA key", service).doesNotContainKey("ca.key");
            if (service.startsWith("db-") || service.equals(GRAFANA)) {
                assertThat(reachable).as("%s reaches no key (key file -> volume)", service).isEmpty();
            } else if (service.equals(PROMETHEUS)) {
                assertThat(reachable).as("Prometheus reaches its operator key alone").containsOnlyKeys(PROMETHEUS_OPERATOR + ".key");
                assertThat(mounts(service)).contains(new Mount("keys-" + PROMETHEUS_OPERATOR, "/pki", true));
            } else if (service.equals(ADMIN)) {
                assertThat(reachable).as("the admin service reaches the operator's key alone").containsOnlyKeys(OPERATOR + ".key");
                assertThat(mounts(service)).containsExactly(new Mount("keys-" + OPERATOR, "/pki", true));
                assertThat(environment(service)).containsEntry("JUKINET_ADMIN_PKI", "/pki")
                        .containsEntry("JUKINET_ADMIN_IDENTITY", OPERATOR);
            } else {
                assertThat(reachable).as("%s reaches only its own key (key file -> volume)", service)
                        .containsOnlyKeys(service.equals("national")
                                ? new String[] {"national.key", "national-webhook-signing.key", "national-chain-signing.key"}
                                : service.startsWith("pref-") ? new String[] {service + ".key", service + "-chain-signing.key"}
                                : new String[] {service + ".key"});
                assertThat(mounts(service)).as(service + " reads its key volume at jukinet.tls.directory")
                        .containsExactly(new Mount("keys-" + service, "/pki", true));
                assertThat(environment(service)).containsEntry("JUKINET_TLS_DIRECTORY", "/pki");
            }
        }
        Set<String> everyNode = new TreeSet<>(nodes());
        everyNode.add("gateway");
        assertThat(everyNode).allSatisfy(node -> assertThat(services).containsKey(node));
    }

    /**
     * Prometheus scrapes every node and the gateway where they listen, directly, over mutual TLS with its
     * operator certificate from its key volume, at the actuator's Prometheus endpoint the nodes expose; it
     * shares a network with each; Grafana's data source is that Prometheus and its dashboard is provisioned.
     */
    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryNodeWhereItListensAsItsOperatorAndGrafanaReadsIt() throws IOException {
        Map<String, Object> config;
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker/prometheus/prometheus.yml"))) {
            config = new Yaml().load(in);
        }
        assertThat(mounts(PROMETHEUS)).contains(new Mount("./docker/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml", true));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = jobs.get(0);
        assertThat(job).containsEntry("scheme", "https").containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(map(job.get("tls_config"))).isEqualTo(Map.of("ca_file", "/pki/ca.crt",
                "cert_file", "/pki/" + PROMETHEUS_OPERATOR + ".crt", "key_file", "/pki/" + PROMETHEUS_OPERATOR + ".key"));
        Map<String, String> scraped = new TreeMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
            Map<String, Object> labels = map(group.get("labels"));
            for (String target : (List<String>) group.get("targets")) {
                scraped.put(String.valueOf(labels.get("node")), target);
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (String node : nodes()) {
            expected.put(node, node + ":" + environment(node).get("SERVER_PORT"));
            assertThat(networks(PROMETHEUS)).as("Prometheus reaches " + node).containsAll(networks(node));
        }
        expected.put("gateway", "gateway:" + environment("gateway").get("SERVER_PORT"));
        assertThat(scraped).isEqualTo(expected);
        for (String module : List.of("national-service", "prefecture-service", "cs-service", "gateway")) {
            String yaml = Files.readString(ROOT.resolve(module + "/src/main/resources/" + module + ".yaml"));
            assertThat(yaml).as(module + " exposes the Prometheus endpoint").containsPattern("include: [a-z,]*prometheus");
        }

        Map<String, Object> datasources;
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml"))) {
            datasources = new Yaml().load(in);
        }
        Map<String, Object> source = map(((List<?>) datasources.get("datasources")).get(0));
        assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        assertThat(Files.readString(ROOT.resolve("docker/grafana/dashboards/jukinet.json")))
                .contains("\"uid\": \"" + source.get("uid") + "\"");
        assertThat(mounts(GRAFANA)).contains(new Mount("./docker/grafana/provisioning", "/etc/grafana/provisioning", true),
                new Mount("./docker/grafana/dashboards", "/var/lib/grafana/dashboards", true));
        assertThat(environment(GRAFANA)).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false");
    }

    /**
     * The admin service knows every node where it listens (as the gateway does), reaches each on
     * one of its networks, and reads them as the admin tool would: its environment parsed by the
     * tool itself.
     */
    @Test
    void theOperatorsToolKnowsEveryNodeWhereItListensAndSharesANetworkWithEach() {
        assertThat(module(ADMIN)).isEqualTo("admin");
        assertThat(dependsOn(ADMIN)).containsEntry("pki", "service_completed_successfully");
        jp.jukinet.admin.NetworkDescription described = jp.jukinet.admin.JukinetAdmin.description(environment(ADMIN));
        assertThat(described.nodes().keySet()).containsExactlyInAnyOrderElementsOf(nodes());
        for (String node : nodes()) {
            assertThat(described.nodes().get(node))
                    .isEqualTo(URI.create("https://" + node + ":" + environment(node).get("SERVER_PORT")));
            assertThat(networks(ADMIN)).as("admin reaches " + node).containsAll(networks(node));
        }
        assertThat(described.pki()).isEqualTo(Path.of("/pki"));
        assertThat(described.identity()).isEqualTo(OPERATOR);
    }

    @Test
    void eachNodeConnectsAsItsOwnDatabaseRoleWithItsOwnPasswordNeverTheSuperusers() {
        Set<String> users = new TreeSet<>();
        Set<String> passwords = new TreeSet<>();
        for (String node : nodes()) {
            Map<String, String> environment = environment(node);
            String user = environment.get("SPRING_DATASOURCE_USERNAME");
            String db = DB_OF_ZONE.get(ZONE_OF_MODULE.get(module(node)));
            assertThat(user).as(node + "'s database role").isNotBlank().isNotEqualTo(superuser(db));
            assertThat(users.add(user)).as(node + "'s role " + user + " is no other node's").isTrue();
            String password = requiredVariable(environment.get("SPRING_DATASOURCE_PASSWORD"));
            assertThat(passwords.add(password)).as(node + "'s password " + password + " is no other node's").isTrue();
            assertThat(password).as(node).isNotEqualTo(requiredVariable(environment(db).get("POSTGRES_PASSWORD")));
            assertThat(environment(db)).as("%s hands %s's password to its init script", db, node).containsKey(password);
            assertThat(requiredVariable(environment(db).get(password))).isEqualTo(password);
            assertThat(String.join(" ", environment.values())).as(node + " is given no superuser password")
                    .doesNotContain(requiredVariable(environment(db).get("POSTGRES_PASSWORD")));
        }
    }

    /**
     * The zones' init scripts, run against a real PostgreSQL 17 with the passwords compose hands
     * them: each node's role, with the password compose gives the node, connects to its own database
     * and owns its schema, and is refused by every other database; PUBLIC may connect to none.
     */
    @Test
    void theInitScriptsLetEachNodesRoleIntoItsOwnDatabaseOnly() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        try (EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(ComposeFileTest::passwordsRequiredButTheSuperusers)
                .start()) {
            for (String db : DB_OF_ZONE.values()) {
                Map<String, String> environment = new LinkedHashMap<>();
                environment(db).forEach((variable, value) -> environment.put(variable,
                        secrets.computeIfAbsent(requiredVariable(value), name -> UUID.randomUUID().toString())));
                String zone = ZONE_OF_MODULE.values().stream().filter(z -> DB_OF_ZONE.get(z).equals(db)).findFirst().orElseThrow();
                String script = "docker/postgres/" + zone + ".sql";
                assertThat(mounts(db)).contains(new Mount("./" + script, "/docker-entrypoint-initdb.d/" + zone + ".sql", true));
                runAsPsqlWould(Files.readString(ROOT.resolve(script)), environment, server);
            }
            List<String> databases = nodes().stream().map(ComposeFileTest::database).toList();
            for (String node : nodes()) {
                String user = environment(node).get("SPRING_DATASOURCE_USERNAME");
                String password = secrets.get(requiredVariable(environment(node).get("SPRING_DATASOURCE_PASSWORD")));
                String own = database(node);
                try (Connection connection = DriverManager.getConnection(url(server, own), user, password);
                     Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE migrated_by_flyway (id bigint PRIMARY KEY)");
                    assertThat(single(connection, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'"))
                            .isEqualTo(user);
                    assertThat(single(connection, "SELECT string_agg(CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, ',') "
                            + "FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT'"))
                            .as("who may connect to " + own).isEqualTo(user);
                }
                assertThat(refusal(url(server, own), user, "wrong")).as("%s's role without its password", node).isEqualTo("28P01");
                for (String other : databases) {
                    if (!other.equals(own)) {
                        assertThat(refusal(url(server, other), user, password)).as("%s's role opens %s", node, other)
                                .isEqualTo("42501");
                    }
                }
                assertThat(refusal(url(server, "postgres"), user, password)).as("%s's role opens the maintenance database", node)
                        .isEqualTo("42501");
            }
        }
    }

    @Test
    void theSecretsScriptWritesEverySecretComposeRequiresReadableByItsOwnerOnly(@TempDir Path copy) throws Exception {
        assumeTrue(onPath("openssl") && onPath("sh"), "the script needs sh and openssl");
        Set<String> required = new TreeSet<>();
        Matcher variables = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
        while (variables.find()) {
            required.add(variables.group(1));
        }
        assertThat(required).contains("JUKINET_NATIONAL_NUMBERING_KEY", "POSTGRES_SUPERUSER_PASSWORD", "CS_131016_DB_PASSWORD");
        Files.createDirectories(copy.resolve("docker"));
        Path script = Files.copy(ROOT.resolve("docker/new-secrets.sh"), copy.resolve("docker/new-secrets.sh"));

        assertThat(new ProcessBuilder("sh", script.toString()).inheritIO().start().waitFor()).isZero();
        Properties written = new Properties();
        try (var in = Files.newBufferedReader(copy.resolve(".env"))) {
            written.load(in);
        }
        assertThat(written.stringPropertyNames()).isEqualTo(required);
        assertThat(written.values()).allSatisfy(value -> assertThat(String.valueOf(value)).hasSizeGreaterThanOrEqualTo(32));
        assertThat(written.values()).doesNotHaveDuplicates();
        assertThat(Base64.getDecoder().decode(written.getProperty("JUKINET_NATIONAL_NUMBERING_KEY"))).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve(".env")))).isEqualTo("rw-------");

        byte[] before = Files.readAllBytes(copy.resolve(".env"));
        assertThat(new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start().waitFor())
                .as("a second run keeps the secrets in use").isEqualTo(1);
        assertThat(copy.resolve(".env")).hasBinaryContent(before);
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains(".env");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).as("no secret in an image's build context").contains(".env");
    }

    private static Map<String, Object> policy() throws IOException {
        return flatten(new Yaml().load(Files.readString(ROOT.resolve("gateway/src/main/resources/gateway-policy.yaml"))));
    }

    /** The PKI job's command, step by step ({@code dev-pki} runs steps joined by {@code --then} in order). */
    @SuppressWarnings("unchecked")
    private static List<List<String>> pkiSteps() {
        List<List<String>> steps = new ArrayList<>();
        steps.add(new ArrayList<>());
        for (String argument : (List<String>) services.get("pki").get("command")) {
            if (argument.equals("--then")) {
                steps.add(new ArrayList<>());
            } else {
                steps.get(steps.size() - 1).add(argument);
            }
        }
        return steps;
    }

    /** A volume or bind mount of a service: a named volume's name, or a host path. */
    record Mount(String source, String target, boolean readOnly) {

        boolean named() {
            return !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~");
        }
    }

    /** The service's mounts, in compose's short ({@code source:target[:ro]}) or long syntax. */
    private static List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        Object volumes = services.get(service).get("volumes");
        if (volumes == null) {
            return mounts;
        }
        for (Object volume : (List<?>) volumes) {
            if (volume instanceof String text) {
                String[] parts = text.split(":");
                assertThat(parts.length).as(service + ": " + text + " names its source and target").isBetween(2, 3);
                mounts.add(new Mount(parts[0], parts[1], parts.length == 3 && parts[2].contains("ro")));
            } else {
                Map<String, Object> definition = map(volume);
                assertThat(definition.get("type")).as(service + ": " + definition).isIn("volume", "bind");
                mounts.add(new Mount(String.valueOf(definition.get("source")), String.valueOf(definition.get("target")),
                        Boolean.TRUE.equals(definition.get("read_only"))));
            }
        }
        return mounts;
    }

    /** {@code X} of a value {@code ${X:?message}}: a variable compose refuses to start without. */
    private static String requiredVariable(String value) {
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}").matcher(value);
        assertThat(matcher.matches()).as(value + " is a variable compose requires (${NAME:?message})").isTrue();
        return matcher.group(1);
    }

    private static String superuser(String db) {
        return environment(db).getOrDefault("POSTGRES_USER", "postgres");
    }

    private static String database(String node) {
        return URI.create(environment(node).get("SPRING_DATASOURCE_URL").substring("jdbc:".length())).getPath().substring(1);
    }

    /** Every connection but the superuser's proves its password, as the postgres image's does. */
    private static void passwordsRequiredButTheSuperusers(java.io.File dataDirectory) {
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), """
                    local all postgres trust
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    local all all scram-sha-256
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs an init script the way the postgres image's {@code psql -v ON_ERROR_STOP=1} does, for the
     * little of psql the scripts use: {@code \getenv}, {@code \connect}, {@code :'variable'}, and
     * statements ending a line with {@code ;}. A variable the environment lacks stays in the text,
     * a syntax error, as in psql. Anything else stops the test, so the scripts cannot outgrow it.
     */
    private static void runAsPsqlWould(String script, Map<String, String> environment, EmbeddedPostgres server) throws SQLException {
        Map<String, String> variables = new LinkedHashMap<>();
        Connection connection = DriverManager.getConnection(url(server, "postgres"), "postgres", "");
        try {
            StringBuilder statement = new StringBuilder();
            for (String line : script.lines().map(String::strip).toList()) {
                if (line.isEmpty() || line.startsWith("--")) {
                    continue;
                }
                if (line.startsWith("\\")) {
                    String[] command = line.split("\\s+");
                    switch (command[0]) {
                        case "\\getenv" -> {
                            if (environment.containsKey(command[2])) {
                                variables.put(command[1], environment.get(command[2]));
                            }
                        }
                        case "\\connect" -> {
                            connection.close();
                            connection = DriverManager.getConnection(url(server, command[1]), "postgres", "");
                        }
                        default -> throw new AssertionError("psql command the test does not model: " + line);
                    }
                    continue;
                }
                statement.append(line).append('\n');
                if (line.endsWith(";")) {
                    String sql = statement.toString();
                    for (Map.Entry<String, String> variable : variables.entrySet()) {
                        sql = sql.replace(":'" + variable.getKey() + "'", "'" + variable.getValue().replace("'", "''") + "'");
                    }
                    try (Statement run = connection.createStatement()) {
                        run.execute(sql);
                    }
                    statement.setLength(0);
                }
            }
            assertThat(statement.toString()).as("the script ends with a complete statement").isBlank();
        } finally {
            connection.close();
        }
    }

    /** The SQLSTATE a connection attempt is refused with, or {@code "connected"}. */
    private static String refusal(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return "connected";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    /** A URL without a user in it (zonky's names the superuser, which would win over the role passed beside it). */
    private static String url(EmbeddedPostgres server, String database) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    private static String mainSources(String module) throws IOException {
        StringBuilder sources = new StringBuilder();
        try (var files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(file));
            }
        }
        return sources.toString();
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
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
