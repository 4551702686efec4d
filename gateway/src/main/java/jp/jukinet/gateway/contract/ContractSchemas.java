package jp.jukinet.gateway.contract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.jukinet.gateway.firewall.GatewayPolicy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The parts of the contract that are the gateway's own, and the schemas it takes from the nodes. */
final class ContractSchemas {

    static final String MUTUAL_TLS = "mutualTLS";
    private static final String SCHEMAS = "#/components/schemas/";

    private ContractSchemas() {
    }

    static ObjectNode mutualTls() {
        ObjectNode scheme = JsonNodeFactory.instance.objectNode();
        scheme.put("type", "mutualTLS");
        scheme.put("description", "Mutual TLS with a certificate of the network's CA; the caller is the certificate's "
                + "common name (clerk-<lg>, agency-<name>, resident-<resident code>, operator-<name>). The gateway "
                + "refuses (403) a certificate the CA has revoked.");
        return scheme;
    }

    /**
     * What the gateway itself answers on a route, beside the node's answers: 403 (not admitted by
     * the policy), 413 (over the route's max-body), 429 (over the caller's limits), 502 (the node
     * cannot be reached). The node's documents name the same problem schemas.
     */
    static void gatewayAnswers(ObjectNode responses, GatewayPolicy.Route route, boolean body) {
        if (body && responses.has("413")) {
            ((ObjectNode) responses.get("413")).put("description", "The body is larger than this route's "
                    + route.maxBody().toBytes() + " bytes (max-body); refused by the gateway before it is read.");
        }
        if (!responses.has("502")) {
            ObjectNode unreachable = responses.putObject("502");
            unreachable.put("description", "The node this route leads to cannot be reached now; retry later.");
            unreachable.putObject("content").putObject("application/problem+json").putObject("schema")
                    .put("$ref", SCHEMAS + "Problem502");
        }
    }

    /** The RateLimit fields the gateway sends (FirewallFilter.rateLimitHeaders), as {@code components.headers}. */
    static ObjectNode rateLimitHeaderDefinitions() {
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        header(headers, "RateLimit-Limit", "Requests a second the caller's class (or identity) may make through the gateway.",
                1, 100_000);
        header(headers, "RateLimit-Remaining", "Requests the caller may still make in the current second.", 0, 100_000);
        header(headers, "RateLimit-Reset", "Seconds until the count of requests starts again.", 0, 60);
        return headers;
    }

    private static void header(ObjectNode headers, String name, String description, int minimum, int maximum) {
        ObjectNode header = headers.putObject(name);
        header.put("description", description + " Absent on an answer refused before the caller's limits were "
                + "looked at (403 of the policy).");
        ObjectNode schema = header.putObject("schema");
        schema.put("type", "integer");
        schema.put("format", "int32");
        schema.put("minimum", minimum);
        schema.put("maximum", maximum);
    }

    /** Every 2xx and 4xx answer of an operation declares the RateLimit fields (what Spectral's OWASP rule asks). */
    static void rateLimitHeaders(ObjectNode responses) {
        responses.properties().forEach(entry -> {
            if (entry.getKey().matches("[24]\\d\\d") && entry.getValue() instanceof ObjectNode answer) {
                ObjectNode headers = answer.has("headers") ? (ObjectNode) answer.get("headers") : answer.putObject("headers");
                for (String name : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")) {
                    headers.putObject(name).put("$ref", "#/components/headers/" + name);
                }
            }
        });
    }

    /**
     * Copies into {@code schemas} every schema {@code operation} refers to, directly or not, from
     * {@code document}. A schema of that name already there with other content (another node kind's
     * record of the same name) is copied under the name with the kind's prefix appended; the
     * renames are returned for {@link #rewriteReferences}.
     */
    static Map<String, String> copyReferenced(JsonNode operation, JsonNode document, ObjectNode schemas, String kind) {
        JsonNode source = document.path("components").path("schemas");
        Set<String> names = new LinkedHashSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(operation);
        while (!pending.isEmpty()) {
            references(pending.pop(), reference -> {
                if (names.add(reference) && source.has(reference)) {
                    pending.push(source.get(reference));
                }
            });
        }
        String suffix = "_" + kind.replace("-*", "").replace("*", "");
        Map<String, String> renamed = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode schema = source.get(name);
            if (schema == null) {
                continue;
            }
            boolean clash = schemas.has(name) && !schemas.get(name).equals(schema);
            renamed.put(name, clash ? name + suffix : name);
        }
        renamed.forEach((name, target) -> {
            ObjectNode copy = (ObjectNode) source.get(name).deepCopy();
            rewriteReferences(copy, renamed);
            schemas.set(target, copy);
        });
        return renamed;
    }

    /** Points every {@code $ref} of {@code node} to the schema's name in the contract. */
    static void rewriteReferences(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode reference = object.get("$ref");
            if (reference != null && reference.isString() && reference.asString().startsWith(SCHEMAS)) {
                String name = reference.asString().substring(SCHEMAS.length());
                object.put("$ref", SCHEMAS + renamed.getOrDefault(name, name));
            }
            object.values().forEach(child -> rewriteReferences(child, renamed));
        } else if (node != null && node.isArray()) {
            node.values().forEach(child -> rewriteReferences(child, renamed));
        }
    }

    private static void references(JsonNode node, java.util.function.Consumer<String> found) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            JsonNode reference = node.get("$ref");
            if (reference != null && reference.isString() && reference.asString().startsWith(SCHEMAS)) {
                found.accept(reference.asString().substring(SCHEMAS.length()));
            }
        }
        if (node.isContainer()) {
            node.values().forEach(child -> references(child, found));
        }
    }
}
