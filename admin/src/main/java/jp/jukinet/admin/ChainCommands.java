package jp.jukinet.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.http.HttpMethod;

import jp.jukinet.admin.NodeClient.Answer;
import jp.jukinet.admin.NodeClient.NodeException;
import jp.jukinet.provision.heads.OfflineChainVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code chain verify|exchange|export|verify-export}: the provision-record chain (F7) of J-LIS and
 * the prefecture servers against the signed heads the other tiers hold of it (F8 "Evidence no
 * operator can rewrite"), through each node's {@code /actuator/provisionheads}; and an export an
 * auditor verifies offline, with no node and no database ({@link OfflineChainVerifier}).
 */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "The provision-record chain against the signed heads other tiers hold: verify, exchange, "
                + "export, verify-export (offline).",
        subcommands = {ChainCommands.Verify.class, ChainCommands.Exchange.class, ChainCommands.Export.class,
                ChainCommands.VerifyExport.class})
final class ChainCommands {

    static final String PATH = "/actuator/provisionheads";

    private ChainCommands() {
    }

    static boolean keepsAChain(NetworkDescription.Kind kind) {
        return kind != NetworkDescription.Kind.CS;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walks each node's chain and compares it with the signed heads the other tiers hold of it; "
                    + "names the first position that differs, or the records missing after a cut.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every chain agrees with the heads held of it", "1:a chain differs, or no tier could vouch for it",
                    "2:usage", "3:a node not reachable or refused"})
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--node"}, paramLabel = "NODE", description = "only this node (repeatable): pref-NN or national")
        List<String> only = new ArrayList<>();

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            List<NodeClient> nodes = admin.nodes(only, ChainCommands::keepsAChain, "provision chain");
            Table table = new Table("NODE", "STATUS", "LAST RECORD", "HELD BY", "WHERE");
            boolean[] differs = {false};
            JukinetAdmin.Round round = admin.ask(nodes, (node, entry) -> {
                JsonNode report = node.read(PATH).body().path("report");
                entry.put("report", report);
                String status = report.path("status").asString();
                differs[0] |= !"AGREES".equals(status);
                table.row(node.node(), status, report.path("lastRecordSeq").asLong(),
                        report.path("latestHeldBy").toString(), report.path("where").asString(""));
            });
            if (admin.json) {
                admin.printJson(Map.of("nodes", round.answers()));
            } else {
                table.print(admin.out);
            }
            if (round.failed()) {
                return ExitCode.NODE;
            }
            return differs[0] ? ExitCode.FINDING : ExitCode.OK;
        }
    }

    @Command(name = "exchange", mixinStandardHelpOptions = true,
            description = "Has each node sign its chain's head now and push it to the tiers that keep it "
                    + "(they do every ten minutes by themselves).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:exchanged", "2:usage", "3:a node not reachable or refused"})
    static final class Exchange implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--node"}, paramLabel = "NODE", description = "only this node (repeatable): pref-NN or national")
        List<String> only = new ArrayList<>();

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            List<NodeClient> nodes = admin.nodes(only, ChainCommands::keepsAChain, "provision chain");
            Table table = new Table("NODE", "PEER", "OUTCOME");
            JukinetAdmin.Round round = admin.ask(nodes, (node, entry) -> {
                Answer answer = node.call(HttpMethod.POST, PATH);
                if (!answer.ok()) {
                    throw new NodeException(node.node(), "FAILED", node.node() + " (" + node.url() + ") exchanged nothing ("
                            + answer.status() + "): " + answer.detail(), null);
                }
                entry.put("exchanged", answer.body());
                answer.body().properties().forEach(peer -> table.row(node.node(), peer.getKey(), peer.getValue().asString()));
            });
            if (admin.json) {
                admin.printJson(Map.of("nodes", round.answers()));
            } else {
                table.print(admin.out);
            }
            return round.failed() ? ExitCode.NODE : ExitCode.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Writes one node's chain, the signed heads every tier holds of it and its public key to a "
                    + "file an auditor verifies offline (chain verify-export).",
                    "The records carry resident codes: the file is personal data, to be handled as the register is."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:written", "2:usage", "3:the node not reachable or refused"})
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--node"}, paramLabel = "NODE", required = true, description = "pref-NN or national")
        String node;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "where to write the export")
        Path out;

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            NodeClient client = admin.nodes(List.of(node), ChainCommands::keepsAChain, "provision chain").get(0);
            try {
                long bytes = client.download(PATH + "/export", out);
                if (admin.json) {
                    admin.printJson(Map.of("node", client.node(), "file", out.toString(), "bytes", bytes));
                } else {
                    admin.out.println("Wrote " + out + " (" + bytes + " bytes): verify it with chain verify-export " + out);
                }
                return ExitCode.OK;
            } catch (NodeException e) {
                admin.reportFailure(e);
                return ExitCode.NODE;
            }
        }
    }

    @Command(name = "verify-export", mixinStandardHelpOptions = true,
            description = "Verifies an export offline, with no node and no database: every record's hash and link, "
                    + "every head's signature, and the chain against the heads.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:VERIFIED", "1:NOT VERIFIED (the problems are named)", "2:the file cannot be read, or usage"})
    static final class VerifyExport implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the export (chain export, or the node's /actuator/provisionheads/export)")
        Path file;

        @Option(names = "--key", paramLabel = "PUB",
                description = "the node's public key as the PKI handed it out (<node>-chain-signing.pub), instead of the one in the file")
        Path key;

        @Override
        public Integer call() {
            JukinetAdmin admin = AdminCommand.root(spec);
            List<String> args = new ArrayList<>(List.of(file.toString()));
            if (key != null) {
                args.add("--key");
                args.add(key.toString());
            }
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream problems = new java.io.ByteArrayOutputStream();
            int exit = OfflineChainVerifier.run(args.toArray(String[]::new), new PrintStream(printed, true, StandardCharsets.UTF_8),
                    new PrintStream(problems, true, StandardCharsets.UTF_8));
            admin.out.print(printed.toString(StandardCharsets.UTF_8));
            admin.out.flush();
            admin.err.print(problems.toString(StandardCharsets.UTF_8));
            admin.err.flush();
            return exit;
        }
    }

    /** Keeps {@code in} in {@code target}, written whole or not at all. */
    static long write(InputStream in, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
        try {
            long bytes = Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
