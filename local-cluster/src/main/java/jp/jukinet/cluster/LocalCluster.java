package jp.jukinet.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import jp.jukinet.admin.JukinetAdmin;
import jp.jukinet.admin.NetworkDescription;
import jp.jukinet.cs.CsApplication;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.gateway.GatewayApplication;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRulesLoader;
import jp.jukinet.national.NationalApplication;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.prefecture.PrefectureApplication;

/**
 * The whole network on one machine: {@code ./jukinet start}. One embedded PostgreSQL 17 with a
 * database per node, each open to that node's role only (data under {@code var/postgres}), the dev
 * CA's certificates in {@code var/pki}, the secrets (J-LIS's numbering key, the roles' passwords)
 * in {@code var/secrets}, and every node — the gateway, J-LIS, the servers of 東京都 and 大阪府 and four
 * municipalities' CSs — as a Spring Boot application in this JVM, each on its own port, speaking
 * mutual TLS through the gateway exactly as they do when deployed apart. On first start a
 * synthetic population is registered through the clerks' API, so it travels the real notice chain.
 */
public final class LocalCluster implements AutoCloseable {

    /** The operator of this machine ({@code ./jukinet admin} presents its certificate). */
    static final String OPERATOR = "operator-local";

    /** Japan's time: the day a registration is made on. */
    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final ClusterOptions options;
    private final Topology topology;
    private final PrintStream out;
    private final Map<String, ConfigurableApplicationContext> running = Collections.synchronizedMap(new LinkedHashMap<>());
    private ClusterPostgres postgres;
    private ClusterSecrets secrets;
    private ReadyBlock ready;

    private LocalCluster(ClusterOptions options, PrintStream out) {
        this.options = options;
        this.topology = new Topology(options.portOffset());
        this.out = out;
    }

    public static void main(String[] args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        String command = arguments.isEmpty() || arguments.get(0).startsWith("--") && !arguments.get(0).equals("--help")
                ? "start" : arguments.remove(0);
        try {
            switch (command) {
                case "start" -> runUntilStopped(ClusterOptions.parse(arguments));
                case "cert" -> {
                    int status = issueCertificates(arguments, System.out, System.err);
                    if (status != 0) {
                        System.exit(status);
                    }
                }
                // the operator's tool over the running network (its own --help, exit codes and output)
                case "admin" -> JukinetAdmin.main(arguments.toArray(String[]::new));
                case "help", "--help", "-h" -> System.out.print(ClusterOptions.USAGE);
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("jukinet: " + e.getMessage());
            System.err.print(ClusterOptions.USAGE);
            System.exit(2);
        } catch (ClusterException e) {
            System.err.println();
            System.err.println("jukinet: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void runUntilStopped(ClusterOptions options) {
        CountDownLatch stopped = new CountDownLatch(1);
        LocalCluster cluster = new LocalCluster(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!cluster.isReady()) {
                cluster.close(); // a start that failed has already said why
                stopped.countDown();
                return;
            }
            System.out.println();
            System.out.println("Stopping Juki-Net ...");
            cluster.close();
            System.out.println("Stopped. The data stays in " + options.varDirectory() + "; start again to continue.");
            stopped.countDown();
        }, "jukinet-stop"));
        try {
            cluster.startAll();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code ./jukinet cert [--revoke] [--var=DIR] <identity>...}: issues, or revokes, certificates
     * of the dev CA. The older spelling of {@code ./jukinet admin cert issue|revoke --pki DIR/pki}:
     * the admin tool does the work.
     *
     * @return the exit code (the admin tool's: 0 done, 2 a usage error)
     */
    static int issueCertificates(List<String> arguments, PrintStream out, PrintStream err) {
        Path pki = ClusterOptions.defaults().pkiDirectory();
        boolean revoke = false;
        List<String> identities = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith("--var=")) {
                pki = Path.of(argument.substring("--var=".length())).resolve("pki");
            } else if (argument.equals("--revoke")) {
                revoke = true;
            } else {
                identities.add(argument);
            }
        }
        if (identities.isEmpty()) {
            err.println("jukinet: " + (revoke ? "name the identities to revoke, e.g. ./jukinet cert --revoke clerk-131016"
                    : "name the identities to certify, e.g. ./jukinet cert resident-12345678901"));
            err.print(ClusterOptions.USAGE);
            return 2;
        }
        List<String> command = new ArrayList<>(List.of("cert", revoke ? "revoke" : "issue", "--pki", pki.toString()));
        command.addAll(identities);
        return JukinetAdmin.execute(command.toArray(String[]::new), out, err, Map.of());
    }

    /**
     * Writes {@code var/network.properties}: where each node listens and the operator's certificate,
     * which {@code ./jukinet admin} reads (the gateway is not in it: it routes no node's actuator).
     */
    private void writeNetworkDescription() {
        Map<String, java.net.URI> nodes = new LinkedHashMap<>();
        topology.nodes().stream().filter(node -> node.kind() != Topology.Kind.GATEWAY)
                .forEach(node -> nodes.put(node.name(), java.net.URI.create(node.baseUrl())));
        new NetworkDescription(nodes, options.pkiDirectory(), OPERATOR).write(options.networkDescription());
    }

    /** Starts the cluster and returns once it is ready and has printed how to use it. */
    static LocalCluster start(ClusterOptions options, PrintStream out) {
        LocalCluster cluster = new LocalCluster(options, out);
        try {
            cluster.startAll();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() {
        Instant began = Instant.now();
        quietEmbeddedPostgres();
        // a PostgreSQL left running on our data by a killed run holds our port: stop it before checking
        ClusterPostgres.stopOrphan(options.postgresDirectory(), out);
        checkPortsFree();
        if (options.clean()) {
            clean();
        }
        boolean load = loadWanted(); // refuses another load before anything starts
        out.println("Starting Juki-Net: " + topology.nodes().size() + " nodes on one embedded PostgreSQL 17, state in "
                + options.varDirectory());
        DevCertificateAuthority ca = issueCertificates();
        secrets = ClusterSecrets.open(options.secretsDirectory());
        postgres = ClusterPostgres.start(options.postgresDirectory(), topology.postgresPort(), secrets);
        postgres.ensureNodeDatabases(topology.nodes().stream().flatMap(node -> node.database().stream()).toList());
        for (Topology.Node node : topology.nodes()) {
            startNode(node);
        }
        if (load) {
            loadPopulation();
        }
        writeNetworkDescription();
        PopulationState population = seedPopulation();
        String sample = sampleResident();
        if (sample != null) {
            // the printed examples let this resident read their provision records
            ca.ensureIssued(new Identity("resident-" + sample));
        }
        String mover = mover();
        ReadyBlock.PaperMove paperMove = paperMove(mover);
        // push-type notification: the demo agency's subscription, made on the first start only
        String feed = FeedDemo.ensureSubscription(new ClusterClients(options.pkiDirectory(), topology.gateway().baseUrl()));
        ready = new ReadyBlock(options, topology, postgres, population, sample, mover, paperMove, feed);
        startDownstreamSystems(ready, sample);
        startPeople(ready, sample);
        out.println();
        out.print(ready.render(Duration.between(began, Instant.now())));
        out.flush();
    }

    /**
     * Starts the downstream systems of J-LIS (F9) beside the nodes, on their own databases, and has
     * card management and JPKI take on the first {@value DownstreamSystems#HELD} seeded residents of
     * 千代田区 (the sample resident first); the ready block says how to ask them what they hold.
     */
    private void startDownstreamSystems(ReadyBlock ready, String sample) {
        List<DownstreamSystems.Consumer> systems = DownstreamSystems.systems(topology);
        postgres.ensureNodeDatabases(systems.stream().map(DownstreamSystems.Consumer::database).toList());
        List<String> lines = new ArrayList<>();
        for (DownstreamSystems.Consumer system : systems) {
            Map<String, Object> properties = embeddedAppProperties(Optional.of(system.database()));
            properties.putAll(DownstreamSystems.properties(system, topology, secrets.ipnCodeKey()));
            properties.put("jukinet.tls.directory", options.pkiDirectory().toAbsolutePath());
            String[] arguments = properties.entrySet().stream()
                    .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
            Instant started = Instant.now();
            try {
                running.put(system.identity(), DownstreamSystems.start(arguments));
            } catch (RuntimeException e) {
                throw new ClusterException(system.identity() + " did not start: " + rootMessage(e) + " (details in "
                        + options.logDirectory().resolve("jukinet.log") + ")", e);
            }
            out.printf("  %-22s %-24s %s (%.1f s)%n", system.identity(), system.kind().japaneseName(), system.baseUrl(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            lines.add(DownstreamSystems.line(system));
        }
        List<String> held = heldResidents(sample);
        try {
            DownstreamSystems.enrol(topology, new ClusterClients(options.pkiDirectory(), topology.gateway().baseUrl()), held);
        } catch (RuntimeException e) {
            throw new ClusterException("the downstream systems could not take on residents: " + rootMessage(e), e);
        }
        String myNumber = sample == null ? null : database("national")
                .sql("SELECT my_number FROM residents WHERE resident_code = ?").param(sample).query(String.class)
                .optional().map(String::trim).orElse(null);
        ready.downstream(lines, held.isEmpty() ? null : held.get(0), myNumber);
    }

    /** Login id of municipality {@code lg}'s demo clerk at the window. */
    static String demoClerk(String lg) {
        return "madoguchi-" + lg;
    }

    /**
     * The clerks' window and the residents' portal (F11), after the nodes and the downstream systems, on
     * databases of their own, plus a demo clerk per municipality (enrolled at every start; an account already
     * there is kept with its password). The ready block says how to sign in, and how the sample resident
     * enrols at the portal with a slip from the window.
     */
    private void startPeople(ReadyBlock ready, String sample) {
        postgres.ensureNodeDatabases(topology.webApps().stream().map(Topology.WebApp::name).toList());
        Map<String, Object> window = peopleProperties(topology.window());
        window.put("jukinet.window.gateway", topology.gateway().baseUrl());
        window.put("jukinet.window.tls-directory", options.pkiDirectory().toAbsolutePath());
        window.put("jukinet.window.portal", topology.portal().baseUrl());
        Topology.MUNICIPALITIES.forEach(m -> window.put("jukinet.window.municipalities." + m.code(), m.name()));
        ConfigurableApplicationContext started = startPeopleApp(topology.window(),
                jp.jukinet.window.WindowApplication.application(), window);
        jp.jukinet.window.account.EnrolClerk enrol = started.getBean(jp.jukinet.window.account.EnrolClerk.class);
        List<String> clerks = new ArrayList<>();
        for (Topology.Municipality m : Topology.MUNICIPALITIES) {
            enrol.enrol(demoClerk(m.code()), secrets.demoClerkPassword(), m.code(), m.name() + " 窓口");
            clerks.add(demoClerk(m.code()) + " (" + m.name() + ")");
        }
        Map<String, Object> portal = peopleProperties(topology.portal());
        portal.put("jukinet.portal.gateway", topology.gateway().baseUrl());
        portal.put("jukinet.portal.tls-directory", options.pkiDirectory().toAbsolutePath());
        portal.put("jukinet.portal.origin", topology.portal().baseUrl());
        portal.put("jukinet.portal.rp-id", "localhost");
        ConfigurableApplicationContext portalContext = startPeopleApp(topology.portal(),
                jp.jukinet.portal.PortalApplication.application(), portal);
        LocalDate sampleBirth = sample == null ? null : database("cs-" + ReadyBlock.HOME.code())
                .sql("SELECT date_of_birth FROM residents WHERE resident_code = ?").param(sample)
                .query(LocalDate.class).optional().orElse(null);
        DemoResident.Credential resident = sampleBirth == null ? null : DemoResident.ensure(secrets,
                options.pkiDirectory(), portalContext.getBean(jp.jukinet.portal.enrolment.ActivateResident.class),
                topology.portal().baseUrl(), ResidentCode.of(sample), sampleBirth,
                LocalGovernmentCode.of(ReadyBlock.HOME.code()), Instant.now());
        ready.people(clerks, secrets.demoClerkPassword(), resident);
    }

    private Map<String, Object> peopleProperties(Topology.WebApp app) {
        Map<String, Object> properties = embeddedAppProperties(Optional.of(app.name()));
        properties.put("server.port", app.port());
        properties.put("server.address", "127.0.0.1");
        return properties;
    }

    /**
     * What every application of the cluster shares (the nodes, the downstream systems, the window, the
     * portal): no banner, no shutdown hook of its own (the cluster stops them itself, in order, before the
     * database), the cluster's log file, and its own {@code database}, if any, opened as that database's
     * own role (no application knows another's password).
     */
    private Map<String, Object> embeddedAppProperties(Optional<String> database) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.register-shutdown-hook", false);
        properties.put("logging.file.name", options.logDirectory().resolve("jukinet.log").toAbsolutePath());
        properties.put("logging.threshold.console", "WARN");
        // one JVM, one logging system: Boot's application name in a line is a JVM-wide property, so every line
        // would carry the last-started application's; lines carry none, and the thread names say which node
        // (http-nio-<its port>-exec-…, notice-publisher-<node>, …)
        properties.put("logging.include-application-name", false);
        database.ifPresent(name -> {
            ClusterPostgres.Credentials credentials = postgres.credentials(name);
            properties.put("spring.datasource.url", postgres.jdbcUrl(name));
            properties.put("spring.datasource.username", credentials.user());
            properties.put("spring.datasource.password", credentials.password());
        });
        return properties;
    }

    private ConfigurableApplicationContext startPeopleApp(Topology.WebApp app, SpringApplication application,
                                                          Map<String, Object> properties) {
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        Instant started = Instant.now();
        try {
            ConfigurableApplicationContext context = application.run(arguments);
            running.put(app.name(), context);
            out.printf("  %-22s %-24s %s (%.1f s)%n", app.name(), app.label(), app.baseUrl(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            return context;
        } catch (RuntimeException e) {
            throw new ClusterException(app.name() + " did not start: " + rootMessage(e) + " (details in "
                    + options.logDirectory().resolve("jukinet.log") + ")", e);
        }
    }

    /** The first seeded residents of 千代田区 still in force, the sample resident first. */
    private List<String> heldResidents(String sample) {
        String prefix = "seed-" + options.seed() + "-" + Topology.MUNICIPALITIES.get(0).code() + "-";
        List<String> codes = database("cs-" + Topology.MUNICIPALITIES.get(0).code()).sql("""
                        SELECT r.resident_code FROM idempotency_keys k
                        JOIN residents r ON r.resident_code = k.response_body->>'residentCode'
                        WHERE k.idempotency_key LIKE :pattern AND r.status = 'ACTIVE'
                        ORDER BY substring(k.idempotency_key FROM :start)::int LIMIT :n""")
                .param("pattern", prefix + "%").param("start", prefix.length() + 1).param("n", DownstreamSystems.HELD)
                .query(String.class).list().stream().map(String::trim).toList();
        List<String> held = new ArrayList<>();
        if (sample != null) {
            held.add(sample);
        }
        codes.stream().filter(code -> !code.equals(sample)).limit(DownstreamSystems.HELD - held.size()).forEach(held::add);
        return held;
    }

    /** Zonky reports every step of PostgreSQL's start at INFO; the console is for the operator. */
    private static void quietEmbeddedPostgres() {
        if (org.slf4j.LoggerFactory.getLogger("io.zonky") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    boolean isReady() {
        return ready != null;
    }

    /** The text printed when the cluster was ready; {@code null} before. */
    ReadyBlock ready() {
        return ready;
    }

    Topology topology() {
        return topology;
    }

    ClusterOptions options() {
        return options;
    }

    /** Node {@code node}'s database, opened as that node's role. */
    JdbcClient database(String node) {
        return postgres.jdbc(topology.node(node).database().orElseThrow());
    }

    ClusterPostgres postgres() {
        return postgres;
    }

    /** The network's secrets (the demo clerks' password, for the browser tests). */
    ClusterSecrets secrets() {
        return secrets;
    }

    /** The running application of node {@code node}. */
    ConfigurableApplicationContext context(String node) {
        return running.get(node);
    }

    private void checkPortsFree() {
        for (Map.Entry<Integer, String> port : ports(topology).entrySet()) {
            if (!free(port.getKey())) {
                throw new ClusterException("port " + port.getKey() + " (" + port.getValue() + ") is already in use: another "
                        + "program, perhaps a Juki-Net that is still running, listens there. Stop it, or start on other "
                        + "ports with --port-offset=N (every port moves by N).");
            }
        }
    }

    /** Every port a cluster of {@code topology} listens on, with what listens there. */
    static Map<Integer, String> ports(Topology topology) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(topology.postgresPort(), "PostgreSQL");
        topology.nodes().forEach(node -> ports.put(node.port(), node.name()));
        DownstreamSystems.systems(topology).forEach(system -> ports.put(system.port(), system.identity()));
        topology.webApps().forEach(app -> ports.put(app.port(), app.name()));
        return ports;
    }

    /**
     * A port offset at which every port of the cluster is free now: for tests, which run beside other
     * tests' servers (a port found free may still be taken before the cluster binds it: rare, and then
     * the start fails saying which port).
     */
    static int freePortOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 1_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9_000);
            if (ports(new Topology(offset)).keySet().stream().allMatch(LocalCluster::free)) {
                return offset;
            }
        }
        throw new ClusterException("no port offset found at which every port of the cluster is free");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void clean() {
        for (Path path : List.of(options.postgresDirectory(), options.pkiDirectory(), options.secretsDirectory(),
                options.logDirectory(), options.populationMarker(), options.networkDescription())) {
            deleteRecursively(path);
        }
        out.println("Cleaned " + options.varDirectory() + " (data, certificates, secrets, logs).");
    }

    private DevCertificateAuthority issueCertificates() {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(options.pkiDirectory());
        TreeSet<String> identities = new TreeSet<>();
        topology.nodes().forEach(node -> identities.add(node.name()));
        Topology.MUNICIPALITIES.forEach(municipality -> identities.add("clerk-" + municipality.code()));
        identities.addAll(agencies());
        // the operator of this machine: the only caller a node's actuator answers beyond health
        identities.add(OPERATOR);
        identities.forEach(identity -> ca.ensureIssued(new Identity(identity)));
        DownstreamSystems.issueCertificates(ca, topology);
        // J-LIS's webhook signing key (Ed25519), beside its certificate: the national server does not start without it
        ca.ensureSigningKey("national-webhook-signing");
        // J-LIS's and each prefecture's provision-chain head keys (issue #15): each signs its own heads, and checks the
        // heads of the others with their public keys, all in this directory
        topology.nodes().stream().map(node -> node.name()).filter(name -> name.equals("national") || name.startsWith("pref-"))
                .forEach(name -> ca.ensureSigningKey(name + "-chain-signing"));
        return ca;
    }

    /** Every recipient the rules files name: the agencies a person can act as. */
    static List<String> agencies() {
        TreeSet<String> agencies = new TreeSet<>();
        for (String file : List.of("provision-rules-national.json", "provision-rules-pref-13.json", "provision-rules-pref-27.json",
                // municipalities providing to other municipalities' bodies (Art. 30-14), those with an ordinance
                "provision-rules-lg-131016.json")) {
            try (InputStream in = LocalCluster.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new ClusterException("the rules file " + file + " is not on the class path");
                }
                ProvisionRulesLoader.load(in).rules().stream().map(ProvisionRule::recipient)
                        .filter(recipient -> recipient.startsWith("agency-")).forEach(agencies::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(agencies);
    }

    /**
     * Stops node {@code name}'s application (its database stays, and so do the other nodes): for the
     * scale harness, which drops J-LIS's database and rebuilds it from the prefectures.
     */
    void stopNode(String name) {
        ConfigurableApplicationContext context = running.remove(name);
        if (context == null) {
            throw new IllegalStateException(name + " is not running");
        }
        context.close();
    }

    /**
     * Starts node {@code name} again as the cluster starts it, with {@code extra} properties besides
     * (e.g. J-LIS's {@code jukinet.national.rebuild.*}, which {@code ./jukinet} does not set).
     */
    void startNode(String name, Map<String, Object> extra) {
        startNode(topology.node(name), extra);
    }

    private void startNode(Topology.Node node) {
        startNode(node, Map.of());
    }

    private void startNode(Topology.Node node, Map<String, Object> extra) {
        Map<String, Object> properties = embeddedAppProperties(node.database());
        properties.put("server.port", node.port());
        // mutual TLS, always; the backends pin the gateway's certificate from the same directory
        properties.put("jukinet.tls.directory", options.pkiDirectory().toAbsolutePath());
        properties.put("logging.level.io.zonky", "WARN");
        // SpringDoc warns that the API documents are on; here they are meant to be
        properties.put("logging.level.org.springdoc.core.events", "ERROR");
        String gateway = topology.gateway().baseUrl();
        Supplier<SpringApplication> application = switch (node.kind()) {
            case GATEWAY -> {
                topology.nodes().stream().filter(other -> other.kind() != Topology.Kind.GATEWAY)
                        .forEach(other -> properties.put("jukinet.gateway.nodes." + other.name(), other.baseUrl()));
                properties.putAll(DownstreamSystems.outboundEndpoints(topology));
                yield GatewayApplication::application;
            }
            case NATIONAL -> {
                // J-LIS's secret, made on first start and kept in var/secrets: there is no default key
                properties.put("jukinet.national.numbering.key", secrets.numberingKey());
                // deliveries leave through the gateway's outbound route, wherever the port offset put it
                properties.put("jukinet.subscription.delivery.gateway", gateway + "/internal/v1/outbound/webhooks");
                // and its signed provision-chain heads (issue #15) go to the prefectures through the same gateway
                properties.put("jukinet.provision.heads.gateway", gateway);
                yield NationalApplication::application;
            }
            case PREFECTURE -> {
                properties.put("jukinet.prefecture.prefecture", node.code());
                properties.put("jukinet.outbox.uplink", gateway);
                yield PrefectureApplication::application;
            }
            case CS -> {
                properties.put("jukinet.cs.municipality", node.code());
                properties.put("jukinet.outbox.uplink", gateway);
                yield CsApplication::application;
            }
        };
        properties.putAll(extra);
        Instant started = Instant.now();
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
        try {
            running.put(node.name(), application.get().run(arguments));
        } catch (RuntimeException e) {
            throw new ClusterException(node.name() + " did not start: " + rootMessage(e) + " (details in "
                    + options.logDirectory().resolve("jukinet.log") + ")", e);
        }
        out.printf("  %-10s %-36s %s (%.1f s)%n", node.name(), node.label(), node.baseUrl(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    /** What is registered, as the marker file says. */
    record PopulationState(int registered, long seed, boolean seededNow) {
    }

    private PopulationState seedPopulation() {
        Properties marker = readMarker();
        if (marker.getProperty("seed") != null) {
            long seed = Long.parseLong(marker.getProperty("seed"));
            int registered = Integer.parseInt(marker.getProperty("registered", "0"));
            if (seed != options.seed()) {
                throw new ClusterException(options.varDirectory() + " holds the population of seed " + seed
                        + "; start with --seed=" + seed + ", or with --clean to register seed " + options.seed() + " afresh");
            }
            if (registered >= options.population()) {
                return new PopulationState(registered, seed, false);
            }
        }
        Instant started = Instant.now();
        out.printf("Registering %,d synthetic residents at their CSs, through the notice chain ...%n", options.population());
        LocalDate today = LocalDate.now(JAPAN);
        new PopulationSeeder(new ClusterClients(options.pkiDirectory(), topology.gateway().baseUrl()), options.seed(), out)
                .seed(options.population(), today);
        awaitAgreement(Duration.ofMinutes(10));
        marker.setProperty("seed", Long.toString(options.seed()));
        marker.setProperty("registered", Integer.toString(options.population()));
        writeMarker(marker);
        out.printf("  %,d residents registered and agreed by every tier in %.1f s%n", options.population(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return new PopulationState(options.population(), options.seed(), true);
    }

    /**
     * {@code --load=N} on first start: N residents of their own seed (not the registered ones')
     * COPYed straight into every tier's store ({@link BulkLoader}) while the nodes are idle, then
     * checked as agreed by every tier like the registered ones. A load is not resumed or grown:
     * another N on the same state is refused.
     */
    private boolean loadWanted() {
        Properties marker = readMarker();
        int loaded = Integer.parseInt(marker.getProperty("loaded", "0"));
        if (options.load() == 0 || loaded == options.load()) {
            return false;
        }
        if (loaded != 0 || marker.getProperty("loading") != null) {
            throw new ClusterException(options.varDirectory() + " holds " + (loaded != 0 ? "a load of " + loaded
                    : "an interrupted load of " + marker.getProperty("loading")) + " residents; start with --load="
                    + loaded + ", or with --clean to load " + options.load() + " afresh");
        }
        return true;
    }

    private void loadPopulation() {
        Properties marker = readMarker();
        marker.setProperty("loading", Integer.toString(options.load()));
        writeMarker(marker);
        Instant started = Instant.now();
        out.printf("Loading %,d synthetic residents straight into every tier (COPY) ...%n", options.load());
        BulkLoader.Report report = bulkLoader(Instant.now()).load(stores(), options.load());
        awaitAgreement(Duration.ofMinutes(10));
        marker.remove("loading");
        marker.setProperty("loaded", Integer.toString(options.load()));
        writeMarker(marker);
        out.printf("  %,d residents loaded into every tier in %.1f s (%,.0f a second)%n", options.load(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0, report.peoplePerSecond());
    }

    /**
     * The loader of {@code --load}: people of the load's own seed, numbered with J-LIS's key, counted
     * as registered at {@code now}. The same {@code now} gives the same rows (the scale harness writes
     * them to files for {@code psql \copy} first, then loads them).
     */
    BulkLoader bulkLoader(Instant now) {
        return new BulkLoader(LOAD_SEED ^ options.seed(), java.util.Base64.getDecoder().decode(secrets.numberingKey()),
                now, java.time.Period.ofYears(150));
    }

    /** Every node's store, opened as that node's role, for {@link BulkLoader}. */
    BulkLoader.Stores stores() {
        Map<String, javax.sql.DataSource> prefectures = new java.util.HashMap<>();
        Map<String, javax.sql.DataSource> municipalities = new java.util.HashMap<>();
        javax.sql.DataSource national = null;
        for (Topology.Node node : topology.nodes()) {
            if (node.database().isEmpty()) {
                continue;
            }
            String database = node.database().get();
            ClusterPostgres.Credentials credentials = postgres.credentials(database);
            javax.sql.DataSource store = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                    postgres.jdbcUrl(database), credentials.user(), credentials.password());
            switch (node.kind()) {
                case NATIONAL -> national = store;
                case PREFECTURE -> prefectures.put(node.code(), store);
                case CS -> municipalities.put(node.code(), store);
                default -> { }
            }
        }
        return new BulkLoader.Stores(national, prefectures, municipalities);
    }

    /** Loaded people are of their own seed, so they are not the registered people again. */
    private static final long LOAD_SEED = 0x10AD_10AD_10ADL;

    private Properties readMarker() {
        Properties marker = new Properties();
        Path file = options.populationMarker();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                marker.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return marker;
    }

    private void writeMarker(Properties marker) {
        try {
            Files.createDirectories(options.varDirectory());
            Path temporary = Files.createTempFile(options.varDirectory(), "population", ".tmp");
            try (var writer = Files.newBufferedWriter(temporary)) {
                marker.store(writer, "the synthetic population registered in this network (./jukinet --clean forgets it)");
            }
            Files.move(temporary, options.populationMarker(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Residents in force. A person who moved between municipalities has a removed record at the
     * place they left (at the CS and, across prefectures, at that prefecture) and one in force where
     * they live; J-LIS keeps one record. Counting the records in force compares like with like.
     */
    private static final String ACTIVE_RESIDENTS = "SELECT count(*) FROM residents WHERE status = 'ACTIVE'";

    /**
     * Waits until every notice the CSs committed has reached the national server: no outbox holds
     * an unacknowledged notice, and the prefectures and J-LIS hold as many residents in force as the
     * CSs.
     */
    void awaitAgreement(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            long pending = 0;
            long atCs = 0;
            long atPrefectures = 0;
            for (Topology.Node node : topology.nodes()) {
                if (node.kind() == Topology.Kind.CS || node.kind() == Topology.Kind.PREFECTURE) {
                    JdbcClient jdbc = database(node.name());
                    pending += jdbc.sql("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL").query(Long.class).single();
                    long residents = jdbc.sql(ACTIVE_RESIDENTS).query(Long.class).single();
                    if (node.kind() == Topology.Kind.CS) {
                        atCs += residents;
                    } else {
                        atPrefectures += residents;
                    }
                }
            }
            long atNational = database("national").sql(ACTIVE_RESIDENTS).query(Long.class).single();
            if (pending == 0 && atPrefectures == atCs && atNational == atCs) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ClusterException("the tiers do not agree after " + timeout + ": " + pending
                        + " notices unacknowledged; CSs hold " + atCs + " residents, prefectures " + atPrefectures
                        + ", J-LIS " + atNational);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while waiting for the tiers to agree", e);
            }
        }
    }

    /** The resident code of the first seeded person of 千代田区, the one the printed examples use. */
    private String sampleResident() {
        String key = PopulationSeeder.idempotencyKey(options.seed(), Topology.MUNICIPALITIES.get(0).code(), 0);
        return database("cs-" + Topology.MUNICIPALITIES.get(0).code())
                .sql("SELECT response_body->>'residentCode' FROM idempotency_keys WHERE idempotency_key = ?")
                .param(key).query(String.class).optional().orElse(null);
    }

    /**
     * The first seeded person of 千代田区 after the sample resident who still lives there with no move
     * pending: the one the printed move examples move (a different one each start, once moved).
     */
    private String mover() {
        return nextMover(null);
    }

    /** Like {@link #mover()}, passing over {@code taken}. */
    private String nextMover(String taken) {
        String prefix = "seed-" + options.seed() + "-" + ReadyBlock.HOME.code() + "-";
        return database("cs-" + ReadyBlock.HOME.code()).sql("""
                        SELECT r.resident_code FROM idempotency_keys k
                        JOIN residents r ON r.resident_code = k.response_body->>'residentCode'
                        WHERE k.idempotency_key LIKE :pattern AND k.idempotency_key <> :sample
                          AND r.status = 'ACTIVE' AND r.municipality = :home
                          AND r.resident_code IS DISTINCT FROM CAST(:taken AS char(11))
                          AND NOT EXISTS (SELECT 1 FROM outgoing_moves m
                                          WHERE m.resident_code = r.resident_code AND m.state = 'PENDING')
                        ORDER BY substring(k.idempotency_key FROM :start)::int
                        LIMIT 1""")
                .param("pattern", prefix + "%").param("sample", prefix + "0").param("home", ReadyBlock.HOME.code())
                .param("start", prefix.length() + 1).param("taken", taken)
                .query(String.class).optional().orElse(null);
    }

    /**
     * The ordinary move-out the printed examples show: its 転出証明書 exists only once the 転出届 is
     * registered, so the cluster registers it (through the gateway, as 千代田区's clerk, under a fixed
     * Idempotency-Key) for the next resident who may move, unless one it registered earlier still waits
     * for its 転入届; {@code null} without a resident to move.
     */
    private ReadyBlock.PaperMove paperMove(String cardMover) {
        String home = ReadyBlock.HOME.code();
        JdbcClient cs = database("cs-" + home);
        String prefix = "example-paper-move-out-";
        Map<String, Object> pending = cs.sql("""
                        SELECT k.idempotency_key AS key, m.resident_code AS code, m.move_id::text AS move,
                               m.planned_date::text AS planned
                        FROM idempotency_keys k JOIN outgoing_moves m ON m.move_id::text = k.response_body->'move'->>'moveId'
                        WHERE k.idempotency_key LIKE :pattern AND m.state = 'PENDING' AND NOT m.card_based
                        ORDER BY k.created_at DESC LIMIT 1""")
                .param("pattern", prefix + "%").query().listOfRows().stream().findFirst().orElse(null);
        String code;
        String key;
        String moveId;
        LocalDate planned;
        RestClient clerk = new ClusterClients(options.pkiDirectory(), topology.gateway().baseUrl()).as("clerk-" + home);
        if (pending != null) {
            code = ((String) pending.get("code")).trim();
            key = (String) pending.get("key");
            moveId = (String) pending.get("move");
            planned = LocalDate.parse((String) pending.get("planned"));
        } else {
            code = nextMover(cardMover);
            if (code == null) {
                return null;
            }
            key = prefix + code;
            planned = LocalDate.now(JAPAN);
            Map<?, ?> answer = clerk.post().uri("/api/v1/municipalities/{lg}/notifications", home)
                    .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key)
                    .body(ReadyBlock.moveOutBody(planned, code, false)).retrieve().body(Map.class);
            moveId = (String) ((Map<?, ?>) answer.get("move")).get("moveId");
        }
        String certificate = clerk.get().uri("/api/v1/municipalities/{lg}/moves/{moveId}/certificate", home, moveId)
                .accept(MediaType.APPLICATION_JSON).retrieve().body(String.class);
        return new ReadyBlock.PaperMove(code, planned, key, moveId, certificate);
    }

    /** Stops every node, the CSs first, then the database. */
    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(running.keySet());
        Collections.reverse(names);
        for (String name : names) {
            try {
                running.remove(name).close();
            } catch (RuntimeException e) {
                out.println("  " + name + " did not stop cleanly: " + rootMessage(e));
            }
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new ClusterException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
