package jp.jukinet.admin;

import java.util.ArrayList;
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
 * {@code check}: the consistency check (本人確認情報の整合性確認, F8) now, through each prefecture
 * server's {@code POST /actuator/consistency/{municipality|all}/{check|repair}}: each of its
 * municipalities' CS against the prefecture, and the prefecture against J-LIS, by digests computed
 * at check time. {@code --repair} has the CS send its records of the residents that differ again
 * (RESYNC, through the notice chain); the residents an upper tier holds and the CS does not are
 * reported, never deleted. The differing residents are named by resident code only, as the
 * prefecture shows them to its operator.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"The consistency check (整合性確認) now: every municipality's CS against its prefecture server, "
                + "and the prefecture server against J-LIS; with --repair the CS sends its records of the residents "
                + "that differ again (RESYNC through the notice chain).",
                "A run with --repair reports what differed before the repair: run check again once the chain has "
                        + "carried the RESYNCs (./jukinet admin outbox shows it empty)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every tier equal", "1:a difference found (and, with --repair, RESYNCs sent)", "2:usage",
                "3:a node not reachable, refused, or a peer of the check not readable"},
        footer = "The timeout per prefecture server is 900 s unless --timeout says otherwise.")
final class CheckCommand implements Callable<Integer> {

    static final String PATH = "/actuator/consistency";

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--node"}, paramLabel = "NODE",
            description = "only this prefecture server (repeatable): pref-NN; default every one")
    List<String> only = new ArrayList<>();

    @Option(names = {"-m", "--municipality"}, paramLabel = "LG",
            description = "only this municipality (its six-digit local government code); default all of each prefecture")
    String municipality;

    @Option(names = "--repair", description = "have the CS send its records of the residents that differ again (RESYNC)")
    boolean repair;

    @Override
    public Integer call() {
        JukinetAdmin admin = AdminCommand.root(spec);
        if (admin.timeoutSeconds == null) {
            // a check reads every record of a municipality at three tiers: minutes for a city of millions
            admin.timeoutSeconds = 900;
        }
        if (municipality != null && !municipality.matches("\\d{6}")) {
            throw new IllegalArgumentException("--municipality must be a six-digit local government code; got " + municipality);
        }
        List<String> selected = only;
        if (municipality != null && only.isEmpty()) {
            selected = List.of("pref-" + municipality.substring(0, 2));
        }
        List<NodeClient> nodes = admin.nodes(selected, kind -> kind == NetworkDescription.Kind.PREFECTURE,
                "consistency check (only prefecture servers run it)");
        Table table = new Table("MUNICIPALITY", "PEER", "AGAINST", "EQUAL", "DIFFERENCES", "BY KIND", "REPAIR");
        Table residents = new Table("MUNICIPALITY", "PEER", "RESIDENT", "KIND");
        long[] differences = {0};
        JukinetAdmin.Round round = admin.ask(nodes, (node, entry) -> {
            Answer answer = node.call(HttpMethod.POST, PATH + "/{municipality}/{action}",
                    municipality == null ? "all" : municipality, repair ? "repair" : "check");
            if (!answer.ok()) {
                throw new NodeException(node.node(), answer.status() == 404 ? "NOT_SERVED" : "FAILED",
                        node.node() + " (" + node.url() + ") ran no check (" + answer.status() + "): " + answer.detail(),
                        null);
            }
            entry.put("reports", answer.body().path("reports"));
            for (JsonNode report : answer.body().path("reports")) {
                JsonNode repaired = report.path("repair");
                String repairText = repaired.isMissingNode() || repaired.isNull() ? ""
                        : repaired.path("sent").asLong() + " sent, " + repaired.path("notHeld").size() + " not held";
                for (JsonNode peer : report.path("peers")) {
                    differences[0] += peer.path("differences").asLong();
                    table.row(report.path("municipality").asString(), peer.path("peer").asString(),
                            peer.path("against").asString(), peer.path("equal").asBoolean(),
                            peer.path("differences").asLong(), peer.path("byKind").toString(), repairText);
                    for (JsonNode discrepancy : peer.path("discrepancies")) {
                        residents.row(report.path("municipality").asString(), peer.path("peer").asString(),
                                discrepancy.path("residentCode").asString(), discrepancy.path("kind").asString());
                    }
                }
            }
        });
        if (admin.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("differences", differences[0]);
            document.put("repair", repair);
            document.put("nodes", round.answers());
            admin.printJson(document);
        } else {
            table.print(admin.out);
            if (!residents.isEmpty()) {
                admin.out.println();
                residents.print(admin.out);
            }
        }
        if (round.failed()) {
            return ExitCode.NODE;
        }
        return differences[0] > 0 ? ExitCode.FINDING : ExitCode.OK;
    }
}
