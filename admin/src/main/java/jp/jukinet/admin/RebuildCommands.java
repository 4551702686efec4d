package jp.jukinet.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.http.HttpMethod;

import jp.jukinet.admin.NodeClient.Answer;
import jp.jukinet.admin.NodeClient.NodeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code rebuild status|start [--node N]}: J-LIS rebuilt from the prefecture servers after the loss
 * of its database (全国サーバのバックアップ, F8 "Rebuild of J-LIS"), or with {@code --node pref-NN} a
 * prefecture server rebuilt from its CSs, through the node's {@code /actuator/rebuild}. The node
 * refuses a rebuild into a register that holds anything (409): a rebuild never merges.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "J-LIS rebuilt from the prefecture servers (or, with --node pref-NN, a prefecture server from its "
                + "CSs) after the loss of its database: status, start.",
        subcommands = {RebuildCommands.Status.class, RebuildCommands.Start.class})
final class RebuildCommands {

    static final String PATH = "/actuator/rebuild";

    private RebuildCommands() {
    }

    /** The node rebuilt: J-LIS unless {@code --node} names a prefecture server. */
    private static NodeClient node(CommandSpec spec, String node) {
        return AdminCommand.root(spec).nodes(List.of(node == null ? "national" : node),
                kind -> kind == NetworkDescription.Kind.NATIONAL || kind == NetworkDescription.Kind.PREFECTURE,
                "rebuild (J-LIS and the prefecture servers are rebuilt)").get(0);
    }

    /** Prints the node's rebuild state; a FAILED last run is a finding. */
    private static int print(JukinetAdmin admin, NodeClient node, JsonNode status) {
        if (admin.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("node", node.node());
            document.put("url", node.url().toString());
            document.put("rebuild", status);
            admin.printJson(document);
        } else {
            admin.out.println("state: " + status.path("state").asString() + (status.path("running").asBoolean() ? " (running)" : ""));
            Table loaded = new Table("SOURCE", "OUTBOX HEAD", "RESIDENTS");
            for (JsonNode load : status.path("loaded")) {
                loaded.row(load.path("source").asString(), load.path("outbox_head").asLong(), load.path("residents").asLong());
            }
            if (!loaded.isEmpty()) {
                loaded.print(admin.out);
            }
            JsonNode last = status.path("last");
            if (!last.isMissingNode() && !last.isNull()) {
                admin.out.println("last run: " + last.path("outcome").asString()
                        + (last.has("problem") ? " (" + last.path("problem").asString() + ")" : ""));
            }
        }
        return "FAILED".equals(status.path("last").path("outcome").asString()) ? ExitCode.FINDING : ExitCode.OK;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The node's state (SERVING, CHECKING, REBUILDING), the sources loaded and the last run.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:shown", "1:the last run FAILED", "2:usage", "3:the node not reachable or refused"})
    static final class Status implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--node"}, paramLabel = "NODE", description = "national (default) or pref-NN")
        String node;

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            NodeClient node = node(spec, this.node);
            try {
                return print(admin, node, node.read(PATH).body());
            } catch (NodeException e) {
                admin.reportFailure(e);
                return ExitCode.NODE;
            }
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Starts the rebuild of J-LIS from every prefecture server, or of a prefecture server (--node "
                    + "pref-NN) from its CSs (it runs in the background: follow it with rebuild status). The node must "
                    + "be REBUILDING or its register empty.",
                    "A failed run is started again the same way and reads only the sources not loaded yet."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:started", "1:refused by the node (its register holds data, or no sources are configured)",
                    "2:usage", "3:the node not reachable or refused the operator"})
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--node"}, paramLabel = "NODE", description = "national (default) or pref-NN")
        String node;

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            NodeClient node = node(spec, this.node);
            try {
                Answer answer = node.call(HttpMethod.POST, PATH);
                if (answer.status() == 409) {
                    admin.err.println("jukinet-admin: " + (node.node().equals("national") ? "J-LIS" : node.node())
                            + " refused the rebuild: " + answer.detail());
                    if (admin.json) {
                        admin.printJson(Map.of("node", node.node(), "refused", answer.detail()));
                    }
                    return ExitCode.FINDING;
                }
                if (!answer.ok()) {
                    throw new NodeException(node.node(), answer.status() == 404 ? "NOT_SERVED" : "FAILED",
                            node.node() + " (" + node.url() + ") started no rebuild (" + answer.status() + "): "
                                    + answer.detail(), null);
                }
                print(admin, node, answer.body());
                return ExitCode.OK;
            } catch (NodeException e) {
                admin.reportFailure(e);
                return ExitCode.NODE;
            }
        }
    }
}
