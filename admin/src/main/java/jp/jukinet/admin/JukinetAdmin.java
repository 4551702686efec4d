package jp.jukinet.admin;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.boot.ssl.SslBundle;

import jp.jukinet.admin.NodeClient.NodeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code jukinet-admin}: the operator's command line over a running Juki-Net ({@code ./jukinet admin …},
 * or the {@code admin} service of docker compose). Each subcommand group is one class, listed in
 * this class's {@code @Command(subcommands = …)}: {@link ParkedCommands parked}, {@link OutboxCommand outbox},
 * {@link PurgeCommand purge}, {@link CertCommands cert}, {@link CheckCommand check},
 * {@link RebuildCommands rebuild}, {@link ChainCommands chain}. A new group is one more class here, using {@link #nodes},
 * {@link #client}, {@link #printJson} and {@link Table} like the others.
 *
 * <p>It talks to each node's actuator directly (the gateway routes none) with an operator
 * certificate over mutual TLS; a node answers an operator endpoint only to an {@code operator-*}
 * certificate. Where the nodes are and which certificate to present comes from a
 * {@link NetworkDescription network description} ({@code var/network.properties}, which
 * {@code ./jukinet} writes), from the environment, or from options ({@link #description()}).
 *
 * <p>Output is aligned text for a person, or one JSON document with {@code --json} for a script;
 * errors go to standard error, one line each. Exit codes: {@link ExitCode}.
 */
@Command(name = "jukinet-admin", mixinStandardHelpOptions = true, version = "jukinet-admin 0.1.0",
        exitCodeOnInvalidInput = ExitCode.USAGE, exitCodeOnExecutionException = ExitCode.INTERNAL,
        description = "The operator's tool over a running Juki-Net: parked notices, outboxes, the retention purge, "
                + "certificates. It talks to each node's actuator directly with an operator certificate (mutual TLS).",
        subcommands = {ParkedCommands.class, OutboxCommand.class, PurgeCommand.class, CertCommands.class,
                CheckCommand.class, RebuildCommands.class, ChainCommands.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done; nothing found that was asked for as a finding",
                "1:a finding: --fail-if-any / --max-lag matched, a check failed, or a node said the thing is not there "
                        + "(e.g. a notice not parked)",
                "2:usage: a wrong option or argument, or no usable network description / certificate; nothing was sent",
                "3:a node was not reachable, refused the TLS handshake or the call (not an operator's certificate), "
                        + "or failed; the other nodes' answers are still printed",
                "4:the tool itself failed (a bug)"},
        footerHeading = "%nThe network:%n",
        footer = {
                "  Nodes, certificate directory and identity, each from the first that has it:",
                "    --url NAME=URL..., --pki DIR, --identity NAME",
                "    JUKINET_ADMIN_NODES (NAME=URL,...), JUKINET_ADMIN_PKI, JUKINET_ADMIN_IDENTITY",
                "    the file --network FILE, else $JUKINET_ADMIN_NETWORK, else var/network.properties",
                "    (./jukinet writes it when it starts); the identity defaults to operator-local",
                "  Examples:",
                "    ./jukinet admin parked list --fail-if-any",
                "    ./jukinet admin outbox --json",
                "    docker compose --profile tools run --rm admin outbox"})
public final class JukinetAdmin {

    static final String DEFAULT_IDENTITY = "operator-local";
    static final Path DEFAULT_STATE = Path.of("var");

    @Option(names = "--network", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the network description (default: $JUKINET_ADMIN_NETWORK, else var/network.properties)")
    Path network;

    @Option(names = "--url", paramLabel = "NAME=URL", scope = ScopeType.INHERIT,
            description = "where node NAME listens, e.g. pref-13=https://localhost:8200; repeat for each node "
                    + "(replaces the description's nodes)")
    List<String> urls = new ArrayList<>();

    @Option(names = "--pki", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the directory with <identity>.crt, <identity>.key and ca.crt (PEM); for cert: the dev CA's "
                    + "directory")
    Path pki;

    @Option(names = "--identity", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "the certificate presented to the nodes (default operator-local)")
    String identity;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "one JSON document on standard output, for scripts")
    boolean json;

    /** No {@code defaultValue}: picocli would apply it again when parsing the subcommand, undoing a value given before it. */
    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "connect and read timeout per node (default " + DEFAULT_TIMEOUT_SECONDS + ")")
    Integer timeoutSeconds;

    static final int DEFAULT_TIMEOUT_SECONDS = 10;

    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> environment;
    final JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    JukinetAdmin(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(execute(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs one command line.
     *
     * @return the exit code ({@link ExitCode})
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        PrintWriter stdout = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter stderr = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return commandLine(stdout, stderr, environment).execute(args);
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine command = new CommandLine(new JukinetAdmin(out, err, environment));
        command.setOut(out);
        command.setErr(err);
        command.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            if (exception instanceof NodeException node) {
                err.println("jukinet-admin: " + node.getMessage());
                return ExitCode.NODE;
            }
            if (exception instanceof IllegalArgumentException usage) {
                err.println("jukinet-admin: " + usage.getMessage());
                err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
                return ExitCode.USAGE;
            }
            err.println("jukinet-admin: failed: " + exception);
            exception.printStackTrace(err);
            return ExitCode.INTERNAL;
        });
        return command;
    }

    /**
     * The network the command works on: nodes, certificate directory and identity, each from the
     * first place that has it (see the footer of {@code --help}).
     *
     * @throws IllegalArgumentException when no node is known or a value is malformed
     */
    NetworkDescription description() {
        NetworkDescription file = descriptionFile();
        Map<String, URI> nodes = new LinkedHashMap<>();
        if (!urls.isEmpty()) {
            urls.forEach(text -> put(nodes, NetworkDescription.parseNode(text)));
        } else if (present("JUKINET_ADMIN_NODES")) {
            for (String text : environment.get("JUKINET_ADMIN_NODES").split(",")) {
                if (!text.isBlank()) {
                    put(nodes, NetworkDescription.parseNode(text));
                }
            }
        } else if (file != null) {
            nodes.putAll(file.nodes());
        }
        return new NetworkDescription(nodes, pkiDirectory(file), identity(file));
    }

    /** The network as the tool sees it with no option given, from {@code environment} (and the files it names). */
    public static NetworkDescription description(Map<String, String> environment) {
        return new JukinetAdmin(null, null, environment).description();
    }

    /** The certificate directory: --pki, JUKINET_ADMIN_PKI, the description's, else var/pki. */
    Path pkiDirectory() {
        return pkiDirectory(descriptionFile());
    }

    private Path pkiDirectory(NetworkDescription file) {
        if (pki != null) {
            return pki;
        }
        if (present("JUKINET_ADMIN_PKI")) {
            return Path.of(environment.get("JUKINET_ADMIN_PKI"));
        }
        if (file != null && file.pki() != null) {
            return file.pki();
        }
        return DEFAULT_STATE.resolve("pki");
    }

    private String identity(NetworkDescription file) {
        if (identity != null) {
            return identity;
        }
        if (present("JUKINET_ADMIN_IDENTITY")) {
            return environment.get("JUKINET_ADMIN_IDENTITY");
        }
        return file != null && file.identity() != null ? file.identity() : DEFAULT_IDENTITY;
    }

    private NetworkDescription descriptionFile() {
        if (network != null) {
            return NetworkDescription.read(network);
        }
        if (present("JUKINET_ADMIN_NETWORK")) {
            return NetworkDescription.read(Path.of(environment.get("JUKINET_ADMIN_NETWORK")));
        }
        Path standard = DEFAULT_STATE.resolve(NetworkDescription.FILE_NAME);
        return Files.isRegularFile(standard) ? NetworkDescription.read(standard) : null;
    }

    private boolean present(String variable) {
        String value = environment.get(variable);
        return value != null && !value.isBlank();
    }

    private static void put(Map<String, URI> nodes, Map.Entry<String, URI> node) {
        if (nodes.put(node.getKey(), node.getValue()) != null) {
            throw new IllegalArgumentException("node " + node.getKey() + " is named twice");
        }
    }

    /**
     * The nodes a command works on: those {@code selected} by name (each must be in the network
     * and of a kind {@code eligible} takes), or, with none selected, every node of the network
     * {@code eligible} takes.
     *
     * @param what the command's purpose, for a message ("parked notices")
     * @throws IllegalArgumentException when a selected node is unknown or not eligible, or none is left
     */
    List<NodeClient> nodes(List<String> selected, Predicate<NetworkDescription.Kind> eligible, String what) {
        NetworkDescription network = description();
        if (network.nodes().isEmpty()) {
            throw new IllegalArgumentException("no node is known: name them with --url NAME=URL or a network description "
                    + "(--network FILE; ./jukinet writes var/network.properties when it starts)");
        }
        List<String> names = new ArrayList<>();
        if (selected == null || selected.isEmpty()) {
            network.nodes().keySet().stream().filter(name -> eligible.test(NetworkDescription.kind(name))).forEach(names::add);
        } else {
            for (String name : selected) {
                if (!network.nodes().containsKey(name)) {
                    throw new IllegalArgumentException("no node " + name + " in the network (known: "
                            + String.join(", ", network.nodes().keySet()) + ")");
                }
                if (!eligible.test(NetworkDescription.kind(name))) {
                    throw new IllegalArgumentException(name + " keeps no " + what);
                }
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no node of the network keeps " + what);
        }
        SslBundle bundle = NodeClient.bundle(network.pki(), network.identity());
        return names.stream().map(name -> client(name, network.nodes().get(name), bundle)).toList();
    }

    NodeClient client(String name, URI url, SslBundle bundle) {
        int seconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
        if (seconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second; got " + seconds);
        }
        return new NodeClient(name, url, bundle, Duration.ofSeconds(seconds), mapper);
    }

    /** Writes {@code document} as indented JSON on standard output. */
    void printJson(Object document) {
        out.println(mapper.writeValueAsString(document));
        out.flush();
    }

    /** Writes a node's failure on standard error (one line), for a command that goes on with the other nodes. */
    void reportFailure(NodeException failure) {
        err.println("jukinet-admin: " + failure.getMessage());
        err.flush();
    }

    /** One node's part of a command: fills its JSON entry (besides node and url) and the command's tables. */
    @FunctionalInterface
    interface Question {
        void ask(NodeClient node, Map<String, Object> entry);
    }

    /** What every node answered, in the order asked ({@link #failure} for a node that did not), and whether one failed. */
    record Round(List<Object> answers, boolean failed) {
    }

    /**
     * Asks each node in turn. A node that cannot be asked, refuses or fails ({@link NodeException})
     * is reported on standard error and stands in the answers as {@link #failure}; the others are
     * still asked, so a command prints what every reachable node said and exits
     * {@link ExitCode#NODE}.
     */
    Round ask(List<NodeClient> nodes, Question question) {
        List<Object> answers = new ArrayList<>();
        boolean failed = false;
        for (NodeClient node : nodes) {
            try {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("node", node.node());
                entry.put("url", node.url().toString());
                question.ask(node, entry);
                answers.add(entry);
            } catch (NodeException e) {
                failed = true;
                answers.add(failure(node, e));
                reportFailure(e);
            }
        }
        return new Round(answers, failed);
    }

    /** The JSON of a node that did not answer, beside the others' answers. */
    static Map<String, Object> failure(NodeClient node, NodeException failure) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("node", node.node());
        entry.put("url", node.url().toString());
        entry.put("error", Map.of("kind", failure.kind(), "detail", failure.getMessage()));
        return entry;
    }

    /** The HTTP client and the embedded libraries log at debug without a configuration: a command line wants warnings only. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
