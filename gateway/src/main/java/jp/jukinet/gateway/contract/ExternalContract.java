package jp.jukinet.gateway.contract;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.jukinet.gateway.firewall.Firewall;
import jp.jukinet.gateway.firewall.GatewayPolicy;
import jp.jukinet.gateway.firewall.OutboundPolicy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The network's one external contract (issue #17): the operations of the nodes' own documents that
 * the gateway's policy lets an outside caller make, under the paths the gateway serves, each with
 * the caller classes it is for ({@code x-jukinet-callers}) and the route that admits it
 * ({@code x-jukinet-route}). It cannot drift from the policy: an operation is listed only when the
 * firewall itself admits an identity of the class for it.
 *
 * <p>Outside callers are the classes of the policy's limits whose identities are no node's (every
 * class but {@code municipal-node} and {@code prefectural-node}: clerk systems, agencies, residents,
 * operators). When a kind of node gave no document its routes are missing: the contract says so in
 * {@code info.x-jukinet-missing} and in its description, and {@link Built#complete()} is false.
 */
class ExternalContract {

    /** The contract, and whether every node kind it needs gave its document. */
    record Built(ObjectNode document, boolean complete) {
    }

    private record Operation(GatewayPolicy.Route route, String method, Set<String> classes) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final GatewayPolicy policy;
    private final Firewall firewall;
    private final NodeDocuments documents;

    ExternalContract(GatewayPolicy policy, Firewall firewall, NodeDocuments documents) {
        this.policy = policy;
        this.firewall = firewall;
        this.documents = documents;
    }

    /** The classes of outside callers: those no node of the network belongs to. */
    List<String> outsideClasses() {
        return policy.limits().classes().stream()
                .filter(callerClass -> policy.nodes().keySet().stream()
                        .noneMatch(node -> Pattern.matches(callerClass.callers(), node)))
                .map(GatewayPolicy.CallerClass::name).toList();
    }

    /** The contract for {@code callerClass}, or for every outside class when it is empty. */
    Built build(Optional<String> callerClass, String serverUrl) {
        List<String> outside = outsideClasses();
        ObjectNode paths = NODES.objectNode();
        ObjectNode schemas = NODES.objectNode();
        Map<String, Set<String>> missing = new TreeMap<>();
        Map<String, String> missingWhy = new TreeMap<>();
        Set<String> usedClasses = new LinkedHashSet<>();
        for (GatewayPolicy.Route route : policy.routes()) {
            if (route.target().equals(OutboundPolicy.AGENCY_ENDPOINT)) {
                continue; // out of the network, for J-LIS alone
            }
            String kind = VARIABLE.matcher(route.target()).replaceAll("*");
            Map<String, URI> kindNodes = nodesOf(route.target());
            NodeDocuments.Fetched fetched = documents.of(kind, kindNodes);
            Map<String, String> values = targetValues(route.target(), fetched.node() != null ? fetched.node()
                    : kindNodes.keySet().stream().sorted().findFirst().orElse(null));
            for (String method : route.methods().stream().sorted().toList()) {
                if (fetched.missing()) {
                    if (mayBeOutside(route, method, values, null, outside)) {
                        missing.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(route.id());
                        missingWhy.put(kind, fetched.problem());
                    }
                    continue;
                }
                JsonNode nodeDocument = fetched.document();
                Optional<Map.Entry<String, JsonNode>> nodePath = nodePath(nodeDocument, route.path());
                JsonNode nodeOperation = nodePath.map(entry -> entry.getValue().get(method.toLowerCase(Locale.ROOT)))
                        .orElse(null);
                Set<String> classes = classes(route, method, values, nodeOperation, outside);
                if (classes.isEmpty() || callerClass.filter(wanted -> !classes.contains(wanted)).isPresent()) {
                    continue;
                }
                if (nodeOperation == null) {
                    missing.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(route.id());
                    missingWhy.put(kind, "the node's document has no " + method + " " + route.path());
                    continue;
                }
                usedClasses.addAll(classes);
                ObjectNode operation = operation(route, method, classes, nodeOperation, nodePath.get().getKey());
                Map<String, String> renamed = ContractSchemas.copyReferenced(operation, nodeDocument, schemas, kind);
                ContractSchemas.rewriteReferences(operation, renamed);
                ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
                item.set(method.toLowerCase(Locale.ROOT), operation);
            }
        }
        return new Built(document(callerClass, outside, usedClasses, paths, schemas, missing, missingWhy, serverUrl),
                missing.isEmpty());
    }

    private Map<String, URI> nodesOf(String target) {
        Pattern kind = Pattern.compile(VARIABLE.matcher(Pattern.quote(target).replace("{", "\\E{").replace("}", "}\\Q"))
                .replaceAll("(?<$1>[a-z0-9]+)"));
        Map<String, URI> nodes = new TreeMap<>();
        policy.nodes().forEach((name, uri) -> {
            if (kind.matcher(name).matches()) {
                nodes.put(name, uri);
            }
        });
        return nodes;
    }

    /** The target's variables as {@code node} fills them ({@code cs-{lg}} and {@code cs-131016}: lg = 131016). */
    private static Map<String, String> targetValues(String target, String node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null) {
            return values;
        }
        List<String> names = VARIABLE.matcher(target).results().map(result -> result.group(1)).toList();
        Matcher matcher = Pattern.compile(VARIABLE.matcher(Pattern.quote(target).replace("{", "\\E{").replace("}", "}\\Q"))
                .replaceAll("([a-z0-9]+)")).matcher(node);
        if (matcher.matches()) {
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), matcher.group(i + 1));
            }
        }
        return values;
    }

    /**
     * The outside classes the firewall admits for this route and method: example identities of the
     * route's callers, with the path filled from the node and the operation's parameter examples,
     * each asked of the firewall, and classed as the limits class them.
     */
    private Set<String> classes(GatewayPolicy.Route route, String method, Map<String, String> targetValues,
                                JsonNode operation, List<String> outside) {
        Map<String, String> values = new LinkedHashMap<>(targetValues);
        if (operation != null) {
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode example = parameter.path("schema").path("example");
                if ("path".equals(parameter.path("in").asString()) && example.isValueNode()) {
                    values.putIfAbsent(parameter.path("name").asString(), example.asString());
                }
            }
        }
        fromClassSamples(route.callers(), values, outside);
        VARIABLE.matcher(route.path()).results().forEach(result -> values.putIfAbsent(result.group(1), "1"));
        String path = VARIABLE.matcher(route.path()).replaceAll(result -> Matcher.quoteReplacement(values.get(result.group(1))));
        String callers = VARIABLE.matcher(route.callers()).replaceAll(result ->
                Matcher.quoteReplacement(values.getOrDefault(result.group(1), "1")));
        Set<String> classes = new LinkedHashSet<>();
        for (char digit : new char[] {'1', '9', '0'}) {
            for (String caller : CallerSamples.of(callers, digit)) {
                Optional<Firewall.Decision> decision = firewall.decide(caller, method, path);
                if (decision.isPresent() && decision.get().route().id().equals(route.id())) {
                    classOf(caller).filter(outside::contains).ifPresent(classes::add);
                }
            }
        }
        return classes;
    }

    /**
     * Fills the callers' variables not known yet from an example identity of an outside class that
     * fits the callers ({@code resident-{residentCode}} and {@code resident-11111111111}).
     */
    private void fromClassSamples(String callers, Map<String, String> values, List<String> outside) {
        List<String> unknown = VARIABLE.matcher(callers).results().map(result -> result.group(1))
                .filter(name -> !values.containsKey(name)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        Pattern template = Pattern.compile(VARIABLE.matcher(callers).replaceAll(result -> values.containsKey(result.group(1))
                ? Matcher.quoteReplacement(Pattern.quote(values.get(result.group(1))))
                : "(?<" + result.group(1) + ">[^/]+)"));
        for (GatewayPolicy.CallerClass callerClass : policy.limits().classes()) {
            if (!outside.contains(callerClass.name())) {
                continue;
            }
            for (String sample : CallerSamples.of(callerClass.callers(), '1')) {
                Matcher matcher = template.matcher(sample);
                if (matcher.matches()) {
                    unknown.forEach(name -> values.put(name, matcher.group(name)));
                    return;
                }
            }
        }
    }

    /** Whether the route may be for outside callers, judged without the node's document. */
    private boolean mayBeOutside(GatewayPolicy.Route route, String method, Map<String, String> values, JsonNode operation,
                                 List<String> outside) {
        if (!classes(route, method, values, operation, outside).isEmpty()) {
            return true;
        }
        String callers = VARIABLE.matcher(route.callers()).replaceAll("1");
        return CallerSamples.of(callers, '1').stream().anyMatch(caller -> classOf(caller).map(outside::contains).orElse(true));
    }

    private Optional<String> classOf(String caller) {
        return policy.limits().classes().stream().filter(callerClass -> Pattern.matches(callerClass.callers(), caller))
                .map(GatewayPolicy.CallerClass::name).findFirst();
    }

    /** The node document's path that is the route's, its variables perhaps named otherwise. */
    private static Optional<Map.Entry<String, JsonNode>> nodePath(JsonNode document, String routePath) {
        String shape = VARIABLE.matcher(routePath).replaceAll("{}");
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (VARIABLE.matcher(path.getKey()).replaceAll("{}").equals(shape)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private ObjectNode operation(GatewayPolicy.Route route, String method, Set<String> classes, JsonNode nodeOperation,
                                 String nodePath) {
        ObjectNode operation = (ObjectNode) nodeOperation.deepCopy();
        operation.put("operationId", route.methods().size() == 1 ? route.id()
                : route.id() + "-" + method.toLowerCase(Locale.ROOT));
        ArrayNode tags = operation.putArray("tags");
        classes.forEach(tags::add);
        if (!operation.has("description") && route.description() != null) {
            operation.put("description", route.description());
        }
        operation.put("x-jukinet-route", route.id());
        ArrayNode callers = operation.putArray("x-jukinet-callers");
        classes.forEach(callers::add);
        // the node's names of the path's variables become the gateway's
        List<String> nodeNames = VARIABLE.matcher(nodePath).results().map(result -> result.group(1)).toList();
        List<String> routeNames = VARIABLE.matcher(route.path()).results().map(result -> result.group(1)).toList();
        for (JsonNode parameter : operation.path("parameters")) {
            int index = nodeNames.indexOf(parameter.path("name").asString());
            if ("path".equals(parameter.path("in").asString()) && index >= 0) {
                ((ObjectNode) parameter).put("name", routeNames.get(index));
            }
        }
        ObjectNode responses = operation.has("responses") ? (ObjectNode) operation.get("responses")
                : operation.putObject("responses");
        ContractSchemas.gatewayAnswers(responses, route, BODY_METHODS.contains(method));
        ContractSchemas.rateLimitHeaders(responses);
        return operation;
    }

    private ObjectNode document(Optional<String> callerClass, List<String> outside, Set<String> usedClasses,
                                ObjectNode paths, ObjectNode schemas, Map<String, Set<String>> missing,
                                Map<String, String> missingWhy, String serverUrl) {
        ObjectNode document = NODES.objectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Juki-Net external contract" + callerClass.map(name -> " (" + name + ")").orElse(""));
        info.put("version", "v1");
        StringBuilder description = new StringBuilder();
        if (!missing.isEmpty()) {
            description.append("**INCOMPLETE**: the routes to ").append(String.join(", ", missing.keySet()))
                    .append(" are missing, because their nodes gave no document now (see x-jukinet-missing). ");
        }
        description.append("Everything a caller outside the network's nodes may call through the gateway, built from the "
                + "nodes' own documents and filtered by the gateway's policy: an operation is listed only when the policy "
                + "lets a caller of the class in x-jukinet-callers make it. Call it at the gateway with mutual TLS and your "
                + "certificate of the network's CA. Parts for one class: ?for=").append(String.join(", ?for=", outside))
                .append(". Limits per caller (requests per second / batch lines per second / streams / requests in progress): ");
        List<String> figures = new ArrayList<>();
        for (GatewayPolicy.CallerClass limits : policy.limits().classes()) {
            if (outside.contains(limits.name())) {
                figures.add(limits.name() + " " + limits.requestsPerSecond() + " / " + limits.linesPerSecond() + " / "
                        + limits.concurrentStreams() + " / " + limits.concurrentRequests());
            }
        }
        description.append(String.join("; ", figures)).append(". Over a limit the gateway answers 429 with Retry-After.");
        info.put("description", description.toString());
        if (!missing.isEmpty()) {
            ArrayNode missingParts = info.putArray("x-jukinet-missing");
            missing.forEach((kind, routes) -> {
                ObjectNode part = missingParts.addObject();
                part.put("nodes", kind);
                part.put("problem", missingWhy.get(kind));
                ArrayNode ids = part.putArray("routes");
                routes.forEach(ids::add);
            });
        }
        ObjectNode server = document.putArray("servers").addObject();
        server.put("url", serverUrl);
        server.put("description", "The gateway, as this request reached it (on the local network of ./jukinet: "
                + "https://localhost:8443; in production, the gateway of your zone)");
        server.put("x-internal", false);
        ArrayNode tags = document.putArray("tags");
        for (String name : usedClasses) {
            tags.addObject().put("name", name).put("description", "What callers of class " + name + " may call");
        }
        document.putArray("security").addObject().putArray(ContractSchemas.MUTUAL_TLS);
        document.set("paths", paths);
        ObjectNode components = document.putObject("components");
        components.set("schemas", schemas);
        components.putObject("securitySchemes").set(ContractSchemas.MUTUAL_TLS, ContractSchemas.mutualTls());
        components.set("headers", ContractSchemas.rateLimitHeaderDefinitions());
        return document;
    }
}
