package jp.jukinet.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cluster prints when it is ready: what runs where, and requests to paste, each a curl
 * command with the certificate files of the dev PKI. The examples are data ({@link #examples()}),
 * so a test runs the very commands a person would paste.
 */
final class ReadyBlock {

    /** One printed example: what it shows, and the command. */
    record Example(String title, CurlCommand command) {
    }

    /**
     * The ordinary move-out the printed examples show, registered by the cluster when it started (a paper
     * 転出証明書 cannot be printed before its 転出届): who moves, the planned day, the Idempotency-Key it
     * was registered under, the move, and the 転出証明書's contents as JSON.
     */
    record PaperMove(String residentCode, LocalDate plannedDate, String idempotencyKey, String moveId,
                     String certificate) {
    }

    /** The address in 大阪市 the move examples give. */
    static final String DESTINATION_ADDRESS = "大阪府大阪市北区中之島1丁目3番20号";

    /** The municipality where the examples register a birth and find their resident: 千代田区. */
    static final Topology.Municipality HOME = Topology.MUNICIPALITIES.get(0);

    /** The rule the lookup example relies on: 日本年金機構, 同一住所者の確認 (住基法 第30条の9). */
    static final String LOOKUP_RULE = "nenkin-30-9-same-address";
    static final String LOOKUP_AGENCY = "agency-nenkin";

    private final ClusterOptions options;
    private final Topology topology;
    private final ClusterPostgres postgres;
    private final LocalCluster.PopulationState population;
    private final String sampleResident;
    private final String mover;
    private final PaperMove paperMove;
    private final String feedSubscription;
    private final List<Example> examples;

    /** Where the move example goes: 大阪市, in another prefecture. */
    static final Topology.Municipality DESTINATION = Topology.MUNICIPALITIES.get(2);

    ReadyBlock(ClusterOptions options, Topology topology, ClusterPostgres postgres, LocalCluster.PopulationState population,
               String sampleResident, String mover, PaperMove paperMove, String feedSubscription) {
        this.options = options;
        this.topology = topology;
        this.postgres = postgres;
        this.population = population;
        this.sampleResident = sampleResident;
        this.mover = mover;
        this.paperMove = paperMove;
        this.feedSubscription = feedSubscription;
        this.examples = buildExamples();
    }

    List<Example> examples() {
        return examples;
    }

    // --- the downstream systems of J-LIS (F9), set by the cluster once they run

    private List<String> downstreamLines = List.of();
    private List<Example> downstreamExamples = List.of();

    /** The downstream systems' lines (what runs where) and their examples, asked of {@code heldResident} and {@code myNumber}. */
    void downstream(List<String> lines, String heldResident, String myNumber) {
        downstreamLines = List.copyOf(lines);
        downstreamExamples = DownstreamSystems.examples(topology,
                file -> Path.of(shown(options.pkiDirectory().resolve(file))), heldResident, myNumber);
    }

    /** The printed examples of the downstream systems (called directly, as their operator, not through the gateway). */
    List<Example> downstreamExamples() {
        return downstreamExamples;
    }

    private int renderDownstream(StringBuilder text, int number) {
        if (downstreamLines.isEmpty()) {
            return number;
        }
        text.append('\n').append("The downstream systems of J-LIS (F9) run beside the nodes, each with its own certificate, "
                + "database and rule;\nthey answer their operator (" + DownstreamSystems.OPERATOR + ") directly:\n");
        downstreamLines.forEach(line -> text.append("  ").append(line).append('\n'));
        for (Example example : downstreamExamples) {
            text.append('\n').append("# ").append(number++).append(". ").append(example.title()).append('\n');
            text.append(example.command().render()).append('\n');
        }
        return number;
    }

    // --- the clerks' window and the residents' portal (F11), set by the cluster once they run

    private List<String> demoClerks = List.of();
    private String demoClerkPassword;
    private DemoResident.Credential demoResident;

    /** The demo clerks' logins (with their municipality), their password, and the demo resident's credential (or null). */
    void people(List<String> clerks, String password, DemoResident.Credential resident) {
        demoClerks = List.copyOf(clerks);
        demoClerkPassword = password;
        demoResident = resident;
    }

    /** The demo resident's credential as printed, or {@code null} without a population. */
    DemoResident.Credential demoResident() {
        return demoResident;
    }

    private void renderPeople(StringBuilder text) {
        if (demoClerks.isEmpty()) {
            return;
        }
        text.append('\n').append("For people, in a browser on this machine (Japanese first; http on loopback only):\n");
        Topology.WebApp window = topology.window();
        Topology.WebApp portal = topology.portal();
        String indent = "  " + pad("", 34) + pad("", 25);
        text.append("  ").append(pad(window.label(), 34)).append(pad(window.baseUrl(), 25)).append("sign in as ")
                .append(String.join(", ", demoClerks)).append('\n');
        text.append(indent).append("password: ").append(demoClerkPassword)
                .append(" (in ").append(shown(options.secretsDirectory().resolve("demo-clerk.password"))).append(")\n");
        text.append("  ").append(pad(portal.label(), 34)).append(pad(portal.baseUrl(), 25));
        if (demoResident == null) {
            text.append("a resident enrols with a slip printed at the window\n");
        } else if (demoResident.enrolled()) {
            text.append("resident ").append(demoResident.residentCode()).append(" has enrolled: 「パスキーでサインイン」 at ")
                    .append(portal.baseUrl()).append("/signin\n")
                    .append(indent).append("(a new slip: at the window, ").append(HOME.name())
                    .append(", their record, 「住民ポータルの利用登録用紙を印刷する」)\n");
        } else {
            text.append("resident ").append(demoResident.residentCode()).append(" (").append(HOME.name())
                    .append("), born ").append(demoResident.dateOfBirth())
                    .append(", enrols once: open their slip's link below\n")
                    .append(indent).append("(the slip is kept in ").append(shown(options.secretsDirectory().resolve(DemoResident.SLIP_FILE)))
                    .append("), type the date of birth and register a passkey,\n")
                    .append(indent).append("which signs them in from then on:\n")
                    .append(demoResident.activationLink()).append('\n');
        }
    }

    /** The resident the lookup and provision-record examples are about, or {@code null} without a population. */
    String sampleResident() {
        return sampleResident;
    }

    private List<Example> buildExamples() {
        List<Example> examples = new ArrayList<>();
        String gateway = topology.gateway().baseUrl();
        LocalDate today = LocalDate.now(LocalCluster.JAPAN);
        String birth = """
                {"type":"BIRTH","effectiveDate":"%1$s","person":{"name":{"family":"住基","given":"未来",\
                "familyKana":"ジュウキ","givenKana":"ミライ"},"dateOfBirth":"%1$s","sex":"FEMALE",\
                "address":{"text":"東京都千代田区千代田1番1号"}}}""".formatted(today);
        Map<String, String> json = new LinkedHashMap<>();
        json.put("Content-Type", "application/json");
        Map<String, String> birthHeaders = new LinkedHashMap<>(json);
        birthHeaders.put("Idempotency-Key", "example-birth-" + today);
        examples.add(new Example("A clerk of " + HOME.name() + " registers a birth (出生届) at the CS; "
                + "J-LIS numbers the child, and the change travels the notice chain",
                command("POST", gateway + "/api/v1/municipalities/" + HOME.code() + "/notifications",
                        "clerk-" + HOME.code(), birthHeaders, birth)));
        if (sampleResident != null) {
            examples.add(new Example("The Japan Pension Service looks up a resident under 住基法 第30条の9 ("
                    + LOOKUP_RULE + "): only the rule's fields come back, and the provision is recorded",
                    command("POST", gateway + "/api/v1/national/lookups", LOOKUP_AGENCY, json,
                            "{\"basis\":\"" + LOOKUP_RULE + "\",\"residentCode\":\"" + sampleResident + "\"}")));
            examples.add(new Example("That resident reads who received their identity information (newest first)",
                    command("GET", gateway + "/api/v1/national/provision-records", "resident-" + sampleResident,
                            Map.of(), null)));
        }
        if (mover != null) {
            Map<String, String> moveOutHeaders = new LinkedHashMap<>(json);
            moveOutHeaders.put("Idempotency-Key", "example-move-out-" + mover);
            examples.add(new Example("A resident of " + HOME.name() + " moves to " + DESTINATION.name() + " ("
                    + DESTINATION.prefectureName() + ") with their My Number card (特例転出, card-based): the 転出届 at "
                    + HOME.name() + " removes the record (除票, the planned day) and sends the 転出証明書情報 to "
                    + DESTINATION.name() + "'s CS",
                    command("POST", gateway + "/api/v1/municipalities/" + HOME.code() + "/notifications",
                            "clerk-" + HOME.code(), moveOutHeaders, moveOutBody(today, mover, true))));
            Map<String, String> moveInHeaders = new LinkedHashMap<>(json);
            moveInHeaders.put("Idempotency-Key", "example-move-in-" + mover);
            examples.add(new Example("... and the 転入届 at " + DESTINATION.name() + " with the card (the information "
                    + "arrives within a second): the same resident code and My Number; " + HOME.name()
                    + " completes its 除票 with the day moved, and J-LIS ends with one record, in "
                    + DESTINATION.prefectureName(),
                    command("POST", gateway + "/api/v1/municipalities/" + DESTINATION.code() + "/notifications",
                            "clerk-" + DESTINATION.code(), moveInHeaders,
                            "{\"type\":\"MOVE_IN\",\"effectiveDate\":\"" + today + "\",\"residentCode\":\"" + mover
                                    + "\",\"cardPresented\":true}")));
        }
        if (paperMove != null) {
            Map<String, String> moveOutHeaders = new LinkedHashMap<>(json);
            moveOutHeaders.put("Idempotency-Key", paperMove.idempotencyKey());
            examples.add(new Example("Another resident of " + HOME.name() + " moves to " + DESTINATION.name()
                    + " with an ordinary 転出届 (registered when the network started; the same Idempotency-Key answers "
                    + "it again): the record is removed, nothing is sent to " + DESTINATION.name(),
                    command("POST", gateway + "/api/v1/municipalities/" + HOME.code() + "/notifications",
                            "clerk-" + HOME.code(), moveOutHeaders,
                            moveOutBody(paperMove.plannedDate(), paperMove.residentCode(), false))));
            examples.add(new Example("... " + HOME.name() + "'s clerk prints the 転出証明書 the person carries (JSON; with "
                    + "-H 'Accept: application/pdf' -o tenshutsu.pdf the printable paper in Japanese, its contents "
                    + "machine-readable)",
                    command("GET", gateway + "/api/v1/municipalities/" + HOME.code() + "/moves/" + paperMove.moveId()
                            + "/certificate", "clerk-" + HOME.code(), Map.of(), null)));
            Map<String, String> moveInHeaders = new LinkedHashMap<>(json);
            moveInHeaders.put("Idempotency-Key", "example-paper-move-in-" + paperMove.residentCode());
            examples.add(new Example("... and " + DESTINATION.name() + "'s clerk enters it with the 転入届: checked against "
                    + "J-LIS's record of the removal (409, retry, until the removal has reached J-LIS; an altered item "
                    + "is refused by name)",
                    command("POST", gateway + "/api/v1/municipalities/" + DESTINATION.code() + "/notifications",
                            "clerk-" + DESTINATION.code(), moveInHeaders,
                            "{\"type\":\"MOVE_IN\",\"effectiveDate\":\"" + today + "\",\"residentCode\":\""
                                    + paperMove.residentCode() + "\",\"moveOutCertificate\":" + paperMove.certificate() + "}")));
        }
        if (feedSubscription != null) {
            examples.add(feedExample(gateway));
        }
        return List.copyOf(examples);
    }

    /** Reading the demo subscription's feed by pull ({@link FeedDemo}). */
    private Example feedExample(String gateway) {
        return new Example(HOME.name() + "'s 国民健康保険 (" + FeedDemo.AGENCY + ") reads its push-type notification feed "
                + "(プッシュ型通知, NDJSON): every change J-LIS records of a resident notified by 東京都 since the network "
                + "first started, in sequence, with only its rule's fields (no resident code or My Number); 大阪府's "
                + "changes are outside its rule. Empty until a change: after the birth (example 1) it holds the child's BIRTH. "
                + "Pass after=<the last sequence read> for only what is new",
                command("GET", gateway + "/api/v1/national/subscriptions/" + feedSubscription + "/events?after=0",
                        FeedDemo.AGENCY, Map.of(), null));
    }

    /** The demo agency's subscription whose feed the last example reads, or {@code null}. */
    String feedSubscription() {
        return feedSubscription;
    }

    /** The resident the card-based move examples move, or {@code null}. */
    String mover() {
        return mover;
    }

    /** The ordinary move-out the examples show, or {@code null}. */
    PaperMove paperMove() {
        return paperMove;
    }

    /** A 転出届 to 大阪市, as the examples send it. */
    static String moveOutBody(LocalDate planned, String residentCode, boolean cardBased) {
        return """
                {"type":"MOVE_OUT","effectiveDate":"%s","residentCode":"%s","destination":\
                {"municipality":"%s","address":{"text":"%s"}}%s}"""
                .formatted(planned, residentCode, DESTINATION.code(), DESTINATION_ADDRESS,
                        cardBased ? ",\"cardBased\":true" : "");
    }

    private CurlCommand command(String method, String url, String identity, Map<String, String> headers, String body) {
        return new CurlCommand(method, url, shown(options.pkiDirectory().resolve("ca.crt")),
                shown(options.pkiDirectory().resolve(identity + ".crt")), shown(options.pkiDirectory().resolve(identity + ".key")),
                headers, body);
    }

    /** A path as a person in the project directory types it: relative where it is inside, absolute otherwise. */
    private static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    /** {@code text} padded to {@code columns} terminal columns; kanji and kana take two. */
    static String pad(String text, int columns) {
        int width = text.codePoints().map(c -> c >= 0x1100 && (c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF
                || c >= 0xAC00 && c <= 0xD7A3 || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F
                || c >= 0xFF00 && c <= 0xFF60 || c >= 0xFFE0 && c <= 0xFFE6) ? 2 : 1).sum();
        return text + " ".repeat(Math.max(1, columns - width));
    }

    String render(Duration startup) {
        StringBuilder text = new StringBuilder();
        text.append("================================================================================\n");
        text.append(String.format("Juki-Net is running (ready %.0f s after start). %,d residents are registered%s.%n",
                startup.toMillis() / 1000.0, population.registered(),
                population.seededNow() ? " (just now, through the notice chain)" : ""));
        text.append('\n');
        for (Topology.Node node : topology.nodes()) {
            text.append("  ").append(pad(node.label(), 34)).append(pad(node.baseUrl(), 25))
                    .append(node.database().map(database -> "database " + database).orElse("every call between zones"))
                    .append('\n');
        }
        text.append("  ").append(pad("PostgreSQL 17 (embedded)", 34)).append(pad("localhost:" + postgres.port(), 25))
                .append("data in ").append(shown(options.postgresDirectory())).append('\n');
        text.append("  ").append(pad("secrets (mode 600)", 34)).append(shown(options.secretsDirectory()))
                .append("/: J-LIS's numbering key, each node's database password\n");
        text.append("  ").append(pad("certificates (dev CA)", 34)).append(shown(options.pkiDirectory()))
                .append("/: ca.crt; clerk-<lg>, agency-<name>, resident-<code> .crt/.key\n");
        text.append("  ").append(pad("logs", 34)).append(shown(options.logDirectory())).append("/\n");
        text.append("  ").append(pad("the API contract (OpenAPI 3.1)", 34)).append(topology.gateway().baseUrl())
                .append("/v3/api-docs (?for=clerk|agency|resident), browsable at /swagger-ui.html\n");
        text.append("  ").append(pad("each node's own document", 34)).append("<node>/swagger-ui.html, e.g. ")
                .append(topology.node("national").baseUrl()).append("/swagger-ui.html (any certificate of the dev CA)\n");
        text.append('\n');
        text.append("Every call goes through the gateway and presents a certificate of the dev CA. Try:\n");
        int number = 1;
        for (Example example : examples) {
            text.append('\n').append("# ").append(number++).append(". ").append(example.title()).append('\n');
            text.append(example.command().render()).append('\n');
        }
        number = renderDownstream(text, number);
        renderPeople(text);
        text.append('\n');
        text.append("A certificate for another resident: ./jukinet cert resident-<residentCode>");
        if (!options.varDirectory().equals(ClusterOptions.defaults().varDirectory())) {
            text.append(" --var=").append(options.varDirectory());
        }
        text.append('\n');
        text.append("The operator's tool, straight to each node as ").append(LocalCluster.OPERATOR)
                .append(" (./jukinet admin --help): ./jukinet admin outbox");
        if (!options.varDirectory().equals(ClusterOptions.defaults().varDirectory())) {
            text.append(" --network=").append(shown(options.networkDescription()));
        }
        text.append('\n');
        text.append("Stop with Ctrl-C; the data stays in ").append(shown(options.varDirectory()))
                .append(" (./jukinet start --clean starts afresh).\n");
        text.append("================================================================================\n");
        return text.toString();
    }
}
