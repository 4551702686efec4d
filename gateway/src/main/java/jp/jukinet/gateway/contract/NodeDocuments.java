package jp.jukinet.gateway.contract;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The nodes' own OpenAPI documents, one per kind of node ({@code national}, {@code pref-*},
 * {@code cs-*}: every node of a kind runs the same code), fetched from the first node of the kind
 * that answers and kept for {@link ContractSettings#cacheFor()}. A kind none of whose nodes answers
 * is missing, with the reason, until it is asked again after {@link ContractSettings#retryMissing()}.
 */
class NodeDocuments {

    /** A node's document, or why none of the kind's nodes gave one. */
    record Fetched(String kind, String node, JsonNode document, String problem, Instant at) {

        boolean missing() {
            return document == null;
        }
    }

    /** Fetches one node's document; the gateway's is {@link #over(RestClient)}. */
    interface Source {
        JsonNode fetch(URI node);
    }

    private static final Logger log = LoggerFactory.getLogger(NodeDocuments.class);

    private final Source source;
    private final ContractSettings settings;
    private final Clock clock;
    private final Map<String, Fetched> kinds = new HashMap<>();

    NodeDocuments(Source source, ContractSettings settings, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.clock = clock;
    }

    /** Over mutual TLS with the gateway's own certificate, as every forwarded request. */
    static Source over(RestClient client) {
        JsonMapper json = JsonMapper.builder().build();
        return node -> json.readTree(client.get().uri(node.resolve("/v3/api-docs")).retrieve().body(String.class));
    }

    /** The document of {@code kind}, from the first of {@code nodes} (name → address) that answers. */
    synchronized Fetched of(String kind, Map<String, URI> nodes) {
        Instant now = clock.instant();
        Fetched kept = kinds.get(kind);
        if (kept != null && now.isBefore(kept.at().plus(kept.missing() ? settings.retryMissing() : settings.cacheFor()))) {
            return kept;
        }
        StringBuilder problems = new StringBuilder();
        for (String node : nodes.keySet().stream().sorted().toList()) {
            try {
                Fetched fetched = new Fetched(kind, node, source.fetch(nodes.get(node)), null, now);
                kinds.put(kind, fetched);
                return fetched;
            } catch (RuntimeException e) {
                problems.append(problems.isEmpty() ? "" : "; ").append(node).append(": ").append(e.getClass().getSimpleName());
            }
        }
        String problem = nodes.isEmpty() ? "the policy names no node of this kind"
                : "no node of this kind gave its document (" + problems + ")";
        log.warn("The contract lacks the routes to {}: {}", kind, problem);
        Fetched missing = new Fetched(kind, null, null, problem, now);
        kinds.put(kind, missing);
        return missing;
    }

    /** Forgets every document (the next contract fetches them all again). */
    synchronized void clear() {
        kinds.clear();
    }
}
