package jp.jukinet.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code outbox}: what each node still has to deliver and how far it has received, through each
 * node's {@code /actuator/outbox} (service-support's OutboxEndpoint): per outbox (the notice outbox
 * up the chain, each peer destination of a CS, J-LIS's webhook delivery) the depth, the lag (age
 * of the oldest entry not acknowledged), and the highest sequence numbered and acknowledged; per
 * inbound stream the sequence applied through, held and parked notices.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = {"Outbox depth and delivery lag per node and outbox, and each node's inbound streams.",
                "DEPTH: entries not yet acknowledged by the receiver; LAG: seconds since the oldest of them was written; "
                        + "NUMBERED / ACKED: highest sequence numbered for sending / acknowledged."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:read (and no outbox over --max-depth / --max-lag)",
                "1:an outbox deeper than --max-depth or older than --max-lag", "2:usage",
                "3:a node not reachable or refused"})
final class OutboxCommand implements Callable<Integer> {

    static final String PATH = "/actuator/outbox";

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--node"}, paramLabel = "NODE", description = "only this node (repeatable); default every node")
    List<String> only = new ArrayList<>();

    @Option(names = "--max-depth", paramLabel = "N",
            description = "exit 1 when an outbox holds more than N unacknowledged entries (--fail-if-any: N = 0)")
    Long maxDepth;

    @Option(names = "--fail-if-any", description = "exit 1 when any outbox holds an unacknowledged entry")
    boolean failIfAny;

    @Option(names = "--max-lag", paramLabel = "SECONDS",
            description = "exit 1 when the oldest unacknowledged entry of an outbox is older than SECONDS")
    Long maxLag;

    @Override
    public Integer call() {
        JukinetAdmin admin = AdminCommand.root(spec);
        if ((maxDepth != null && maxDepth < 0) || (maxLag != null && maxLag < 0)) {
            throw new IllegalArgumentException("--max-depth and --max-lag must not be negative");
        }
        Long depthLimit = failIfAny ? Long.valueOf(0) : maxDepth;
        List<NodeClient> nodes = admin.nodes(only, kind -> true, "outbox");
        List<String> findings = new ArrayList<>();
        Table outboxes = new Table("NODE", "OUTBOX", "DESTINATION", "DEPTH", "LAG", "NUMBERED", "ACKED", "OLDEST");
        Table inbound = new Table("NODE", "FROM", "APPLIED", "HELD", "PARKED");
        JukinetAdmin.Round round = admin.ask(nodes, (node, entry) -> {
            JsonNode body = node.read(PATH).body();
            entry.put("at", body.path("at"));
            entry.put("outboxes", body.path("outboxes"));
            entry.put("inbound", body.path("inbound"));
            for (JsonNode outbox : body.path("outboxes")) {
                long depth = outbox.path("depth").asLong();
                JsonNode lag = outbox.path("lagSeconds");
                String name = node.node() + " " + outbox.path("kind").asString() + " → "
                        + outbox.path("destination").asString();
                if (depthLimit != null && depth > depthLimit) {
                    findings.add(name + ": " + depth + " unacknowledged (more than " + depthLimit + ")");
                }
                if (maxLag != null && lag.isNumber() && lag.asLong() > maxLag) {
                    findings.add(name + ": oldest unacknowledged " + lag.asLong() + " s ago (more than " + maxLag + " s)");
                }
                outboxes.row(node.node(), outbox.path("kind").asString(), outbox.path("destination").asString(), depth,
                        lag.isNumber() ? lag.asLong() + "s" : null, number(outbox.path("numberedThrough")),
                        number(outbox.path("acknowledgedThrough")), text(outbox.path("oldestUnacknowledgedAt")));
            }
            for (JsonNode stream : body.path("inbound")) {
                inbound.row(node.node(), stream.path("source").asString(), stream.path("appliedThrough").asLong(),
                        stream.path("held").asLong(), stream.path("parked").asLong());
            }
        });
        if (admin.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("nodes", round.answers());
            document.put("findings", findings);
            admin.printJson(document);
        } else {
            outboxes.print(admin.out);
            if (!inbound.isEmpty()) {
                admin.out.println();
                inbound.print(admin.out);
            }
            findings.forEach(finding -> admin.out.println("over the limit: " + finding));
        }
        if (round.failed()) {
            return ExitCode.NODE;
        }
        return findings.isEmpty() ? ExitCode.OK : ExitCode.FINDING;
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.valueOf(value.asLong()) : null;
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.asString() : null;
    }
}
