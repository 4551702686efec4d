package jp.jukinet.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.http.HttpMethod;

import jp.jukinet.admin.NodeClient.Answer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code parked list|release|discard}: the notices a receiving node (a prefecture server or J-LIS)
 * parked instead of applying (F2 "Poison notices"), through each node's
 * {@code /actuator/parkednotices} (service-support's ParkedNoticesEndpoint says what each
 * operation does). The resident code is shown, as the node shows it to its operator: it is what
 * the operator needs to find the cause; names, My Numbers and addresses are never shown.
 */
@Command(name = "parked", mixinStandardHelpOptions = true,
        description = "Notices a prefecture server or J-LIS parked instead of applying: list, release, discard.",
        subcommands = {ParkedCommands.ListParked.class, ParkedCommands.Release.class, ParkedCommands.Discard.class})
final class ParkedCommands {

    static final String PATH = "/actuator/parkednotices";

    static boolean keepsParked(NetworkDescription.Kind kind) {
        return kind != NetworkDescription.Kind.CS;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The parked notices of every prefecture server and J-LIS (or of --node), oldest first "
                    + "(at most 1,000 a node).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed (with --fail-if-any: and none is parked)", "1:--fail-if-any and a notice is parked",
                    "2:usage", "3:a node not reachable or refused"})
    static final class ListParked implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--node"}, paramLabel = "NODE", description = "only this node (repeatable)")
        List<String> only = new ArrayList<>();

        @Option(names = "--fail-if-any", description = "exit 1 when any node has a parked notice")
        boolean failIfAny;

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            List<NodeClient> nodes = admin.nodes(only, ParkedCommands::keepsParked, "parked notices");
            Table table = new Table("NODE", "SOURCE", "SEQUENCE", "RESIDENT", "MUNICIPALITY", "CHANGE", "REASON",
                    "PARKED AT", "PROBLEM");
            long[] total = {0};
            JukinetAdmin.Round round = admin.ask(nodes, (node, entry) -> {
                JsonNode body = node.read(PATH).body();
                long count = body.path("count").asLong();
                total[0] += count;
                entry.put("count", count);
                entry.put("parked", body.path("parked"));
                for (JsonNode parked : body.path("parked")) {
                    table.row(node.node(), parked.path("source").asString(), parked.path("sequence").asLong(),
                            parked.path("residentCode").asString(), parked.path("municipality").asString(),
                            parked.path("change").asString(), parked.path("reason").asString(),
                            parked.path("parkedAt").asString(), parked.path("problem").asString(""));
                }
            });
            if (admin.json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("total", total[0]);
                document.put("nodes", round.answers());
                admin.printJson(document);
            } else if (table.isEmpty()) {
                admin.out.println("No parked notices" + (round.failed() ? " at the nodes that answered." : "."));
            } else {
                table.print(admin.out);
            }
            if (round.failed()) {
                return ExitCode.NODE;
            }
            return failIfAny && total[0] > 0 ? ExitCode.FINDING : ExitCode.OK;
        }
    }

    /** The arguments naming one parked notice: where it is parked, and its source and sequence. */
    static final class Target {

        @Parameters(index = "0", paramLabel = "NODE", description = "the node that parked it (pref-NN or national)")
        String node;

        @Parameters(index = "1", paramLabel = "SOURCE", description = "the node that sent it (as listed)")
        String source;

        @Parameters(index = "2", paramLabel = "SEQUENCE", description = "its sequence in that source's stream (as listed)")
        long sequence;
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Applies a notice parked as REFUSED once now, with the notices of its sender about the same "
                    + "resident that waited behind it (remove the cause first). Other reasons are released by their "
                    + "owner's notice, not by an operator.",
                    "Outcome APPLIED, WAITING (parked now for its owner), or REFUSED (failed for good again)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:APPLIED or WAITING", "1:REFUSED again, not parked, or parked for another reason",
                    "2:usage", "3:the node not reachable or refused"})
    static final class Release implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return act(spec, target, HttpMethod.POST, "released");
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Discards a parked notice (any reason): kept in discarded_notices with the operator and the "
                    + "time; the first notice that waited behind it is tried at once.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:DISCARDED", "1:not parked", "2:usage", "3:the node not reachable or refused"})
    static final class Discard implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return act(spec, target, HttpMethod.DELETE, "discarded");
        }
    }

    private static int act(CommandSpec spec, Target target, HttpMethod method, String verb) {
        JukinetAdmin admin = AdminCommand.root(spec);
        NodeClient node = admin.nodes(List.of(target.node), ParkedCommands::keepsParked, "parked notices").get(0);
        Answer answer = node.call(method, PATH + "/{source}/{sequence}", target.source, target.sequence);
        String outcome = answer.ok() ? answer.body().path("outcome").asString("") : "";
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("node", node.node());
        document.put("source", target.source);
        document.put("sequence", target.sequence);
        document.put("status", answer.status());
        document.put("answer", answer.body());
        String notice = target.source + "#" + target.sequence;
        boolean done = answer.ok() && !outcome.equals("REFUSED");
        if (admin.json) {
            admin.printJson(document);
        } else if (answer.ok()) {
            String next = answer.body().has("next") ? "; the notice behind it: " + answer.body().get("next").asString() : "";
            String problem = answer.body().has("problem") ? " (" + answer.body().get("problem").asString() + ")" : "";
            admin.out.println(node.node() + " " + notice + ": " + outcome + problem + next);
        }
        if (!answer.ok()) {
            admin.err.println("jukinet-admin: " + node.node() + " " + notice + " not " + verb + " (" + answer.status()
                    + "): " + answer.detail());
        } else if (!done) {
            admin.err.println("jukinet-admin: " + node.node() + " " + notice + " failed again and stays parked");
        }
        return done ? ExitCode.OK : ExitCode.FINDING;
    }
}
