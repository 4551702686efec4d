package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import jp.jukinet.gateway.firewall.Firewall;
import jp.jukinet.gateway.firewall.GatewayPolicy;
import jp.jukinet.model.code.ResidentCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The external contract (issue #17): every node's own OpenAPI document and the gateway's contract,
 * whole and per caller class, pass Spectral (OWASP API Security ruleset) and Redocly (recommended)
 * with no error, and the contract lists exactly what the gateway's policy lets an outside caller
 * do. The documents are written to {@code target/openapi/}.
 *
 * <p>The linters are the npm project {@code contract-lint/} ({@code npm ci} there). Where they are
 * not installed the lint is skipped, unless {@code JUKINET_LINT_REQUIRED=true} (CI), which makes
 * their absence a failure.
 */
class ContractLintTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path OUT = Path.of("target", "openapi");
    private static final String[] NODES = {"cs-131016", "pref-13", "national"};
    private static final ResidentCode RESIDENT = ResidentCode.fromSerial(1_234_567_890L);
    /** Identities of each outside caller class, as the test's own (not the contract's) examples. */
    private static final Map<String, List<String>> OUTSIDE_CALLERS = Map.of(
            "clerk", List.of("clerk-131016"),
            "agency", List.of("agency-nenkin", "agency-lg131130-kokuho"),
            "resident", List.of("resident-" + RESIDENT.value()));

    private static LocalNetwork network;

    @BeforeAll
    static void start() throws IOException {
        network = new LocalNetwork().national().prefecture("13").cs("131016").startAll();
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void everyNodesDocumentAndTheContractPassBothLinters() throws Exception {
        Map<String, Path> documents = new LinkedHashMap<>();
        for (String node : NODES) {
            documents.put(node, write(node, fetch(node, "/v3/api-docs")));
        }
        documents.put("gateway", write("gateway", fetch("gateway", "/v3/api-docs")));
        for (String callerClass : OUTSIDE_CALLERS.keySet().stream().sorted().toList()) {
            documents.put("gateway-" + callerClass, write("gateway-" + callerClass,
                    fetch("gateway", "/v3/api-docs?for=" + callerClass)));
        }

        Linters linters = Linters.find();
        assumeTrue(linters != null, "the contract's linters are not installed (npm ci in contract-lint/); "
                + "the documents are in " + OUT.toAbsolutePath());
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder("errors per document (Spectral OWASP / Redocly recommended):\n");
        for (Map.Entry<String, Path> document : documents.entrySet()) {
            // the gateway's contract with the rate-limit rule on: the gateway sends the RateLimit fields, the nodes do not
            Lint spectral = linters.spectral(document.getValue(),
                    document.getKey().startsWith("gateway") ? ".spectral-contract.yaml" : ".spectral.yaml");
            Lint redocly = linters.redocly(document.getValue());
            table.append(String.format("  %-18s %4d / %4d%n", document.getKey(), spectral.errors(), redocly.errors()));
            if (spectral.failed()) {
                failures.add("Spectral on " + document.getKey() + ":\n" + spectral.output());
            }
            if (redocly.failed()) {
                failures.add("Redocly on " + document.getKey() + ":\n" + redocly.output());
            }
        }
        System.out.println(table);
        assertThat(failures).as(table.toString()).isEmpty();
    }

    @Test
    void theContractIsOpenApi31WithMutualTlsAndIsComplete() throws Exception {
        ResponseEntity<String> answer = network.client("gateway", "agency-nenkin").get().uri("/v3/api-docs")
                .retrieve().toEntity(String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode contract = JSON.readTree(answer.getBody());
        assertThat(contract.path("openapi").asString()).startsWith("3.1");
        assertThat(contract.at("/components/securitySchemes/mutualTLS/type").asString()).isEqualTo("mutualTLS");
        assertThat(contract.at("/security/0").has("mutualTLS")).isTrue();
        assertThat(contract.at("/info/x-jukinet-missing").isMissingNode()).as("every upstream answered").isTrue();
        assertThat(answer.getHeaders().getFirst("X-JukiNet-Contract")).isEqualTo("complete");
        JsonNode lookup = contract.at("/paths/~1api~1v1~1national~1lookups/post/responses");
        for (String status : List.of("200", "400", "403", "404", "413", "429")) {
            assertThat(lookup.has(status)).as("POST /api/v1/national/lookups answers " + status).isTrue();
        }
        assertThat(lookup.at("/429/headers").has("Retry-After")).isTrue();
        assertThat(lookup.at("/403/content").has("application/problem+json")).isTrue();
    }

    @Test
    void theContractListsExactlyWhatThePolicyLetsEachOutsideClassDo() throws Exception {
        Firewall firewall = network.bean("gateway", Firewall.class);
        GatewayPolicy policy = network.bean("gateway", GatewayPolicy.class);
        JsonNode whole = JSON.readTree(fetch("gateway", "/v3/api-docs"));
        Set<String> wholeOperations = operations(whole).keySet();
        assertThat(wholeOperations).isNotEmpty();
        for (String callerClass : OUTSIDE_CALLERS.keySet()) {
            Map<String, JsonNode> listed = operations(JSON.readTree(fetch("gateway", "/v3/api-docs?for=" + callerClass)));
            // everything listed for the class is admitted for one of its identities
            listed.forEach((operation, body) -> {
                String method = operation.substring(0, operation.indexOf(' '));
                String path = concrete(operation.substring(operation.indexOf(' ') + 1));
                assertThat(OUTSIDE_CALLERS.get(callerClass).stream()
                        .anyMatch(caller -> firewall.decide(caller, method, path).isPresent()))
                        .as(operation + " is listed for " + callerClass + ", so the gateway must admit one of them")
                        .isTrue();
                assertThat(body.path("x-jukinet-callers").toString()).contains("\"" + callerClass + "\"");
            });
            assertThat(wholeOperations).containsAll(listed.keySet());
            // and everything the policy admits for the class is listed
            for (GatewayPolicy.Route route : policy.routes()) {
                for (String method : route.methods()) {
                    String path = concrete(route.path());
                    boolean admitted = OUTSIDE_CALLERS.get(callerClass).stream().anyMatch(caller ->
                            firewall.decide(caller, method, path).filter(d -> d.route().id().equals(route.id())).isPresent());
                    if (admitted) {
                        assertThat(listed).as("route " + route.id() + " admits " + callerClass)
                                .containsKey(method + " " + route.path());
                    }
                }
            }
        }
        // what the policy denies every outside caller is absent: node-to-node routes, the actuator
        assertThat(wholeOperations).noneMatch(operation -> operation.contains(" /internal/"))
                .noneMatch(operation -> operation.contains(" /actuator"))
                .doesNotContain("POST /internal/v1/notices", "POST /internal/v1/municipalities/{lg}/messages");
        for (String operation : wholeOperations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = concrete(operation.substring(operation.indexOf(' ') + 1));
            assertThat(OUTSIDE_CALLERS.values().stream().flatMap(List::stream)
                    .anyMatch(caller -> firewall.decide(caller, method, path).isPresent()))
                    .as(operation + " is in the contract, so some outside caller must be admitted").isTrue();
        }
    }

    /** "METHOD /path" of every operation of {@code document}, with the operation. */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(operation.getKey())) {
                    operations.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
                }
            }
        }
        return operations;
    }

    /** The path with its variables filled with the test's own values. */
    private static String concrete(String template) {
        Map<String, String> values = new HashMap<>(Map.of("lg", "131016", "pref", "13",
                "residentCode", RESIDENT.value()));
        Matcher variable = Pattern.compile("\\{([^}]+)}").matcher(template);
        return variable.replaceAll(match -> values.getOrDefault(match.group(1), "3f0c2b9e-6d1a-4c55-9a8e-1b2c3d4e5f60"));
    }

    private static String fetch(String node, String path) {
        ResponseEntity<String> answer = network.client(node, "agency-nenkin").get().uri(path).retrieve().toEntity(String.class);
        assertThat(answer.getStatusCode()).as(node + " " + path).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private static Path write(String name, String document) throws IOException {
        Path file = OUT.resolve(name + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(document)));
        return file;
    }

    record Lint(int exit, int errors, String output) {
        boolean failed() {
            return exit != 0 || errors > 0;
        }
    }

    /** The linters of {@code contract-lint/node_modules}, run as processes. */
    record Linters(Path project) {

        static Linters find() {
            Path project = null;
            for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
                if (Files.isRegularFile(directory.resolve("contract-lint/package.json"))) {
                    project = directory.resolve("contract-lint");
                    break;
                }
            }
            boolean present = project != null && Files.isExecutable(project.resolve("node_modules/.bin/spectral"))
                    && Files.isExecutable(project.resolve("node_modules/.bin/redocly"));
            if (!present && "true".equals(System.getenv("JUKINET_LINT_REQUIRED"))) {
                throw new IllegalStateException("JUKINET_LINT_REQUIRED=true, but Spectral or Redocly CLI is not installed "
                        + "in contract-lint/node_modules: npm ci --no-audit --no-fund in contract-lint");
            }
            return present ? new Linters(project) : null;
        }

        Lint spectral(Path document, String ruleset) throws Exception {
            Lint ran = run(List.of(project.resolve("node_modules/.bin/spectral").toString(), "lint",
                    "--ruleset", project.resolve(ruleset).toString(), "--format", "text",
                    "--fail-severity", "error", document.toAbsolutePath().toString()));
            // text format: one line per problem, "<file>:<line>:<col> error <rule> <message>"
            return new Lint(ran.exit(), count(ran.output(), ".*:\\d+:\\d+ error .*"), ran.output());
        }

        Lint redocly(Path document) throws Exception {
            Lint ran = run(List.of(project.resolve("node_modules/.bin/redocly").toString(), "lint",
                    "--config", project.resolve("redocly.yaml").toString(), "--format", "stylish",
                    document.toAbsolutePath().toString()));
            // stylish format: one line per problem, "  <line>:<col>  error  <rule>  <message>"
            return new Lint(ran.exit(), count(ran.output(), "\\s*\\d+:\\d+\\s+error\\s+.*"), ran.output());
        }

        private static int count(String output, String problemLine) {
            return (int) output.lines().filter(line -> line.matches(problemLine)).count();
        }

        /** Runs {@code command} in the lint project; {@code errors} is left 0 for the caller to count. */
        private Lint run(List<String> command) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
            builder.environment().put("REDOCLY_TELEMETRY", "off");
            builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
            builder.environment().put("NO_COLOR", "1");
            builder.environment().put("FORCE_COLOR", "0");
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in 5 minutes");
            }
            return new Lint(process.exitValue(), 0, new String(output, StandardCharsets.UTF_8));
        }
    }
}
