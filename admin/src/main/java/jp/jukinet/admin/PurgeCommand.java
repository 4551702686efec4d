package jp.jukinet.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.http.HttpMethod;

import jp.jukinet.admin.NodeClient.Answer;
import jp.jukinet.admin.NodeClient.NodeException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code purge}: runs the retention purge (保存期間の経過した本人確認情報の消去, F8 "Retention")
 * now on the named prefecture servers and J-LIS, through each node's
 * {@code POST /actuator/retentionpurge}, instead of waiting for its daily schedule. It removes
 * only rows whose 150 years ended; a second run the same day removes nothing more.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Runs the retention purge now on prefecture servers and J-LIS: removes the identity information "
                + "whose retention (150 years from the day the node received it) has ended.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ran on every node named", "2:usage (no --node and no --all, or a CS named)",
                "3:a node not reachable or refused"})
final class PurgeCommand implements Callable<Integer> {

    static final String PATH = "/actuator/retentionpurge";

    @Spec
    CommandSpec spec;

    /** Which nodes: a purge removes data, so it runs only where it is asked to. */
    static final class Which {

        @Option(names = {"-n", "--node"}, paramLabel = "NODE", required = true,
                description = "this node (repeatable): pref-NN or national")
        List<String> nodes = new ArrayList<>();

        @Option(names = "--all", required = true, description = "every prefecture server and J-LIS of the network")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Override
    public Integer call() {
        JukinetAdmin admin = AdminCommand.root(spec);
        List<NodeClient> nodes = admin.nodes(which.all ? List.of() : which.nodes,
                kind -> kind != NetworkDescription.Kind.CS, "a retention purge (only prefecture servers and J-LIS do)");
        Table table = new Table("NODE", "REMOVED", "RAN AT");
        JukinetAdmin.Round round = admin.ask(nodes, (node, entry) -> {
            Answer answer = node.call(HttpMethod.POST, PATH);
            if (!answer.ok()) {
                throw new NodeException(node.node(), answer.status() == 404 ? "NOT_SERVED" : "FAILED",
                        node.node() + " (" + node.url() + ") ran no purge (" + answer.status() + "): " + answer.detail(),
                        null);
            }
            entry.put("removed", answer.body().path("removed").asLong());
            entry.put("ranAt", answer.body().path("ranAt").asString());
            table.row(node.node(), entry.get("removed"), entry.get("ranAt"));
        });
        if (admin.json) {
            admin.printJson(Map.of("nodes", round.answers()));
        } else {
            table.print(admin.out);
        }
        return round.failed() ? ExitCode.NODE : ExitCode.OK;
    }
}
