package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.contentOf;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local cluster as a person uses it: it starts, seeds its population through the chain, and
 * prints curl commands; the commands, read back from the printed text and sent with the very
 * certificate files they name, do what they say (the demo agency's feed holds the printed birth).
 * Started again on the same state it continues without seeding twice, with the numbering key and database passwords it made in {@code var/secrets}
 * and the demo resident's slip while it is unused (the portal enrols the resident with it; spent, a new one is printed);
 * each node's database admits that node's role only. It refuses clearly when a port is taken or the
 * state holds another seed.
 */
class LocalClusterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CURL = Pattern.compile("^curl .*?(?=\\n(?!    ))", Pattern.MULTILINE | Pattern.DOTALL);

    @TempDir
    Path state;

    @Test
    void startsSeedsAndThePrintedCommandsWorkAsPrinted() throws IOException {
        int offset = LocalCluster.freePortOffset();
        ClusterOptions options = new ClusterOptions(state, 1_200, 5_000, 7, false, offset);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String birthCode;
        String mover;
        CurlCommand feedCommand;
        Path secrets = state.resolve("secrets");
        Path numberingKey = secrets.resolve("numbering.key");
        String key;
        ClusterPostgres.Credentials csRole;
        String demoPassword;
        String slipLink;
        java.time.LocalDate sampleBirth;
        try (LocalCluster cluster = LocalCluster.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("Juki-Net is running").contains("1,200 residents are registered (just now")
                    .contains("5,000 residents loaded into every tier");
            List<CurlCommand> commands = new ArrayList<>(printedCommands(text));
            downstreamSystemsAnswerAsPrinted(cluster, commands);
            clerkAndResidentPagesAnswerAsPrinted(cluster, text);
            slipLink = printedSlipLink(text);
            assertThat(http().get().uri(slipLink).retrieve().body(String.class))
                    .as("the printed link opens the activation form with the slip filled in")
                    .contains(cluster.secrets().stored(DemoResident.SLIP_FILE).orElseThrow());
            sampleBirth = cluster.ready().demoResident().dateOfBirth();
            // what is printed is what the cluster means: the examples, rendered
            assertThat(commands).containsExactlyElementsOf(cluster.ready().examples().stream()
                    .map(ReadyBlock.Example::command).toList());
            assertThat(commands).hasSize(9);
            // 5,000 loaded by COPY (BulkLoader), then 1,200 registered through the chain on top of them
            assertThat(cluster.database("national").sql("SELECT count(*) FROM residents").query(Long.class).single())
                    .isEqualTo(6_200);

            // J-LIS numbers with the key the cluster made and keeps, readable by this user only
            assertThat(permissions(secrets)).isEqualTo("rwx------");
            assertThat(permissions(numberingKey)).isEqualTo("rw-------");
            key = Files.readString(numberingKey).strip();
            assertThat(Base64.getDecoder().decode(key)).hasSize(32);
            assertThat(cluster.context("national").getEnvironment().getProperty("jukinet.national.numbering.key")).isEqualTo(key);
            // every node opens its database as its own role, which no other node's database admits
            csRole = cluster.postgres().credentials("cs_131016");
            demoPassword = cluster.secrets().demoClerkPassword();
            assertThat(cluster.context("cs-131016").getEnvironment().getProperty("spring.datasource.username"))
                    .isEqualTo(csRole.user()).isNotEqualTo(ClusterPostgres.SUPERUSER);
            for (Topology.Node other : cluster.topology().nodes()) {
                other.database().filter(database -> !database.equals("cs_131016")).ifPresent(database ->
                        assertThat(ClusterPostgresTest.refusal(cluster.postgres().jdbcUrl(database), csRole.user(), csRole.password()))
                                .as("cs-131016's role opens %s", database).isEqualTo("42501"));
            }

            // the operator's tool finds every node but the gateway through the description the cluster wrote
            assertThat(text).contains("./jukinet admin outbox --network=");
            ByteArrayOutputStream adminOut = new ByteArrayOutputStream();
            int adminExit = jp.jukinet.admin.JukinetAdmin.execute(new String[] {"outbox", "--json", "--network",
                            options.networkDescription().toString()}, new PrintStream(adminOut, true, StandardCharsets.UTF_8),
                    System.err, Map.of());
            assertThat(adminExit).isZero();
            assertThat(JsonMapper.builder().build().readTree(adminOut.toString(StandardCharsets.UTF_8)).get("nodes"))
                    .extracting(node -> node.get("node").asString())
                    .containsExactlyElementsOf(cluster.topology().nodes().stream().map(Topology.Node::name)
                            .filter(name -> !name.equals("gateway")).toList());

            JsonNode birth = run(commands.get(0), 201);
            birthCode = birth.get("residentCode").asString();
            assertThat(birth.get("myNumber").asString()).matches("\\d{12}");

            JsonNode lookup = run(commands.get(1), 200);
            assertThat(lookup.get("outcome").asString()).isEqualTo("PROVIDED");
            assertThat(lookup.get("residentCode").asString()).isEqualTo(cluster.ready().sampleResident());
            assertThat(lookup.has("myNumber")).as("the same-address rule does not give the My Number").isFalse();

            JsonNode records = run(commands.get(2), 200).get("records");
            assertThat(records).isNotEmpty();
            assertThat(records.get(0).get("recipient").asString()).isEqualTo("agency-nenkin");
            assertThat(records.get(0).get("basis").asString()).isEqualTo("nenkin-30-9-same-address");

            // the printed birth travels the chain like every other change
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.database("national")
                    .sql("SELECT status FROM residents WHERE resident_code = ?").param(birthCode)
                    .query(String.class).optional()).contains("ACTIVE"));

            // the demo agency's feed, read by pull as printed: the birth, with only the 国保 rule's fields
            List<JsonNode> feed = ndjson(commands.get(8));
            assertThat(feed).as("the subscription was made after the seeding: the birth is its first event").hasSize(1);
            assertThat(feed.get(0).get("sequence").asLong()).isEqualTo(1);
            assertThat(feed.get(0).get("reason").asString()).isEqualTo("BIRTH");
            assertThat(feed.get(0).get("information").get("person").get("name").get("given").asString()).isEqualTo("未来");
            assertThat(feed.get(0).get("information").has("residentCode")).isFalse();
            assertThat(feed.get(0).get("information").has("myNumber")).isFalse();
            feedCommand = commands.get(8);

            // the card-based move between prefectures: 千代田区 (東京都) to 大阪市 (大阪府)
            mover = cluster.ready().mover();
            assertThat(mover).isNotNull().isNotEqualTo(cluster.ready().sampleResident());
            JsonNode movedOut = run(commands.get(3), 201);
            assertThat(movedOut.get("status").asString()).as("removed at the 転出届").isEqualTo("REMOVED");
            // the move-in is refused (and writes nothing) until the 転出証明書情報 has reached 大阪市
            await().atMost(Duration.ofSeconds(30)).until(() -> status(commands.get(4)) == 201);
            JsonNode movedIn = run(commands.get(4), 201);
            assertThat(movedIn.get("residentCode").asString()).isEqualTo(mover);
            assertThat(movedIn.get("municipality").asString()).isEqualTo("271004");
            String moved = mover;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(cluster.database("cs-131016").sql("SELECT status FROM residents WHERE resident_code = ?")
                        .param(moved).query(String.class).single()).isEqualTo("REMOVED");
                assertThat(cluster.database("national").sql("SELECT prefecture || municipality || status FROM residents "
                        + "WHERE resident_code = ?").param(moved).query(String.class).list())
                        .containsExactly("27271004ACTIVE");
            });
            // the ordinary move: the 転出届 (registered at start; pasted again, the same answer), the paper
            // 転出証明書, and the 転入届 entering it, checked against J-LIS (409 until the removal reached it)
            ReadyBlock.PaperMove paperMove = cluster.ready().paperMove();
            assertThat(paperMove.residentCode()).isNotIn(mover, cluster.ready().sampleResident());
            assertThat(run(commands.get(5), 201).get("move").get("moveId").asString()).isEqualTo(paperMove.moveId());
            JsonNode certificate = run(commands.get(6), 200);
            assertThat(certificate.get("residentCode").asString()).isEqualTo(paperMove.residentCode());
            assertThat(certificate.get("destination").asString()).isEqualTo("271004");
            await().atMost(Duration.ofSeconds(30)).until(() -> status(commands.get(7)) == 201);
            JsonNode paperIn = run(commands.get(7), 201);
            assertThat(paperIn.get("municipality").asString()).isEqualTo("271004");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.database("national")
                    .sql("SELECT prefecture || municipality || status FROM residents WHERE resident_code = ?")
                    .param(paperMove.residentCode()).query(String.class).list()).containsExactly("27271004ACTIVE"));
            // the tiers agree although the people now have removed records where they left
            cluster.awaitAgreement(Duration.ofSeconds(30));
            // the moves are in the feed as 千代田区 notified them; 大阪市's 転入 are outside the rule's scope
            List<JsonNode> moves = ndjson(feedCommand);
            assertThat(moves).extracting(event -> event.get("sequence").asLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, moves.size()).boxed().toList());
            assertThat(moves).extracting(event -> event.get("reason").asString()).contains("BIRTH", "MOVE_OUT")
                    .doesNotContain("MOVE_IN");
            // the seeding, the chain and the examples stay within every caller's limits at the gateway
            assertThat(contentOf(options.logDirectory().resolve("jukinet.log").toFile()))
                    .contains("No revocation list at") // the gateway logs here
                    .doesNotContain("): over its ").doesNotContain("Ended a streamed batch");
        }

        printed.reset();
        try (LocalCluster again = LocalCluster.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("1,200 residents are registered.").doesNotContain("Registering").doesNotContain("Loading");
            assertThat(again.database("national").sql("SELECT count(*) FROM residents").query(Long.class).single())
                    .as("the population of the first start and its birth, nothing twice").isEqualTo(6_201);
            // the birth's Idempotency-Key makes the printed command safe to paste again
            JsonNode birthAgain = run(printedCommands(text).get(0), 201);
            assertThat(birthAgain.get("residentCode").asString()).isEqualTo(birthCode);
            assertThat(again.ready().mover()).as("the moved person lives elsewhere now").isNotEqualTo(mover);
            // the demo subscription is the one the first start made, and its feed kept what it had
            assertThat(printedCommands(text).get(8)).isEqualTo(feedCommand);
            assertThat(again.database("national").sql("SELECT count(*) FROM subscriptions WHERE recipient = ?")
                    .param(FeedDemo.AGENCY).query(Long.class).single()).isEqualTo(1);
            assertThat(ndjson(feedCommand).get(0).get("reason").asString()).isEqualTo("BIRTH");
            assertThat(Files.readString(numberingKey).strip()).as("the numbering key is kept across restarts").isEqualTo(key);
            assertThat(again.context("national").getEnvironment().getProperty("jukinet.national.numbering.key")).isEqualTo(key);
            assertThat(again.postgres().credentials("cs_131016")).as("and the roles' passwords").isEqualTo(csRole);
            assertThat(text).as("the demo clerks' password is kept too").contains("password: " + demoPassword);
            // the demo resident's slip, unused, is the same; the portal takes it with the date of birth
            assertThat(printedSlipLink(text)).isEqualTo(slipLink);
            assertThat(activate(slipLink, sampleBirth.plusDays(1))).as("not with another date of birth")
                    .isEqualTo(422);
            assertThat(activate(slipLink, sampleBirth)).as("the printed slip enrols the sample resident").isEqualTo(302);
            assertThat(ClusterPostgresTest.refusal(again.postgres().jdbcUrl("national"), csRole.user(), csRole.password()))
                    .isEqualTo("42501");
        }

        printed.reset();
        try (LocalCluster grown = LocalCluster.start(options.withPopulation(1_300),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("1,300 residents are registered (just now");
            assertThat(printedSlipLink(printed.toString(StandardCharsets.UTF_8)))
                    .as("the slip was spent without a passkey registered: a new one is printed").isNotEqualTo(slipLink);
            assertThat(grown.database("national").sql("SELECT count(*) FROM residents").query(Long.class).single())
                    .as("100 more; the first 1,200 answered from their Idempotency-Keys, not registered twice")
                    .isEqualTo(6_301);
        }

        // a load is not grown or loaded twice: another size on the same state is refused, naming both ways out
        assertThatThrownBy(() -> LocalCluster.start(options.withLoad(6_000), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)))
                .isInstanceOf(ClusterException.class).hasMessageContaining("a load of 5000 residents")
                .hasMessageContaining("--load=5000").hasMessageContaining("--clean");
    }

    @Test
    void refusesToStartWhenAPortIsTaken() throws IOException {
        int offset = LocalCluster.freePortOffset();
        Topology topology = new Topology(offset);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(topology.gateway().port()));
            ClusterOptions options = new ClusterOptions(state, 0, 0, 1, false, offset);
            assertThatThrownBy(() -> LocalCluster.start(options, new PrintStream(new ByteArrayOutputStream())))
                    .isInstanceOf(ClusterException.class)
                    .hasMessageContaining("port " + topology.gateway().port() + " (gateway) is already in use")
                    .hasMessageContaining("--port-offset");
        }
        assertThat(state.resolve("postgres")).as("nothing was started or created").doesNotExist();
    }

    @Test
    void refusesStateThatHoldsAnotherSeedUnlessStartedClean() {
        int offset = LocalCluster.freePortOffset();
        ClusterOptions first = new ClusterOptions(state, 10, 0, 1, false, offset);
        LocalCluster.start(first, new PrintStream(new ByteArrayOutputStream())).close();
        ClusterOptions otherSeed = new ClusterOptions(state, 10, 0, 2, false, offset);
        assertThatThrownBy(() -> LocalCluster.start(otherSeed, new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("holds the population of seed 1");
        try (LocalCluster clean = LocalCluster.start(otherSeed.withClean(true), new PrintStream(new ByteArrayOutputStream()))) {
            assertThat(clean.database("national").sql("SELECT count(*) FROM residents").query(Long.class).single())
                    .isEqualTo(10);
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The curl commands in the printed block, read back from the text. */
    /**
     * The downstream systems' printed commands (F9), taken out of {@code commands}: card management and
     * JPKI hold the residents they took on, as J-LIS holds them, and the information-provision network
     * answers a 機関別符号 for the sample resident's My Number.
     */
    /**
     * The clerks' window and the residents' portal answer where the ready block says, and a demo clerk signs in
     * at the window with the printed login and password (a wrong password does not).
     */
    private static void clerkAndResidentPagesAnswerAsPrinted(LocalCluster cluster, String text) {
        String window = cluster.topology().window().baseUrl();
        String portal = cluster.topology().portal().baseUrl();
        String login = LocalCluster.demoClerk("131016");
        String password = cluster.secrets().demoClerkPassword();
        assertThat(text).contains(window).contains(portal).contains(login + " (千代田区)").contains("password: " + password);
        RestClient http = http();
        assertThat(signIn(http, window, login, password)).as("the printed password").hasPath("/");
        assertThat(signIn(http, window, login, password + "x")).as("a wrong one").hasPath("/login").hasQuery("failed");
        assertThat(http.get().uri(portal + "/signin").retrieve().body(String.class)).contains("パスキー");
    }

    /** The demo resident's activation link, on its own line of the ready block. */
    private static String printedSlipLink(String text) {
        Matcher link = Pattern.compile("(?m)^(http://localhost:\\d+/activate\\?slip=\\S+)$").matcher(text);
        assertThat(link.find()).as("the ready block prints the demo resident's slip link").isTrue();
        return link.group(1);
    }

    /** The status the portal answers when the printed slip is sent with {@code dateOfBirth} from its own form. */
    private static int activate(String link, java.time.LocalDate dateOfBirth) {
        RestClient http = http();
        ResponseEntity<String> page = http.get().uri(link).retrieve().toEntity(String.class);
        String session = page.getHeaders().getFirst(org.springframework.http.HttpHeaders.SET_COOKIE).split(";", 2)[0];
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.getBody());
        assertThat(csrf.find()).as("the activation form carries its CSRF token").isTrue();
        Matcher slip = Pattern.compile("<textarea id=\"slip\"[^>]*>([^<]+)</textarea>").matcher(page.getBody());
        assertThat(slip.find()).isTrue();
        org.springframework.util.LinkedMultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("slip", slip.group(1));
        form.add("dateOfBirth", dateOfBirth.toString());
        form.add("_csrf", csrf.group(1));
        String base = link.substring(0, link.indexOf("/activate"));
        return http.post().uri(base + "/activate").header("Cookie", session)
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED).body(form)
                .exchange((request, response) -> response.getStatusCode().value());
    }

    private static RestClient http() {
        return RestClient.builder().requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(
                HttpClientSettings.defaults().withRedirects(org.springframework.boot.http.client.HttpRedirects.DONT_FOLLOW)))
                .build();
    }

    /** Where the window sends a browser after signing in with {@code password} on a page it just served. */
    private static java.net.URI signIn(RestClient http, String window, String login, String password) {
        ResponseEntity<String> page = http.get().uri(window + "/login").retrieve().toEntity(String.class);
        assertThat(page.getBody()).contains("サインイン");
        String session = page.getHeaders().getFirst(org.springframework.http.HttpHeaders.SET_COOKIE).split(";", 2)[0];
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.getBody());
        assertThat(csrf.find()).as("the sign-in form carries its CSRF token").isTrue();
        org.springframework.util.LinkedMultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("loginId", login);
        form.add("password", password);
        form.add("_csrf", csrf.group(1));
        ResponseEntity<Void> answer = http.post().uri(window + "/login").header("Cookie", session)
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED).body(form)
                .retrieve().toBodilessEntity();
        assertThat(answer.getStatusCode().value()).isEqualTo(302);
        return answer.getHeaders().getLocation();
    }

    private static void downstreamSystemsAnswerAsPrinted(LocalCluster cluster, List<CurlCommand> commands) {
        List<CurlCommand> downstream = cluster.ready().downstreamExamples().stream().map(ReadyBlock.Example::command).toList();
        assertThat(downstream).hasSize(5);
        assertThat(commands.subList(commands.size() - downstream.size(), commands.size())).containsExactlyElementsOf(downstream);
        commands.subList(commands.size() - downstream.size(), commands.size()).clear();
        for (int system = 0; system < 2; system++) {
            JsonNode summary = run(downstream.get(system * 2), 200);
            assertThat(summary.get("held").asLong()).isEqualTo(DownstreamSystems.HELD);
            JsonNode holding = run(downstream.get(system * 2 + 1), 200);
            String code = holding.get("residentCode").asString();
            assertThat(code).isEqualTo(cluster.ready().sampleResident());
            assertThat(holding.get("status").asString()).isEqualTo("ACTIVE");
            assertThat(holding.get("familyName").asString()).isEqualTo(cluster.database("national")
                    .sql("SELECT identity->'name'->>'family' FROM residents WHERE resident_code = ?").param(code)
                    .query(String.class).single());
        }
        assertThat(run(downstream.get(4), 200).get("agencyCode").asString()).matches("[A-Za-z0-9_-]{43}");
    }

    static List<CurlCommand> printedCommands(String text) {
        List<CurlCommand> commands = new ArrayList<>();
        Matcher matcher = CURL.matcher(text);
        while (matcher.find()) {
            commands.add(CurlCommand.parse(matcher.group()));
        }
        return commands;
    }

    /** Sends a command the way curl would and expects {@code expectedStatus}; the answer's JSON. */
    static JsonNode run(CurlCommand command, int expectedStatus) {
        ResponseEntity<String> response = send(command);
        assertThat(response.getStatusCode().value()).as("%s %s: %s", command.method(), command.url(), response.getBody())
                .isEqualTo(expectedStatus);
        return JSON.readTree(response.getBody());
    }

    /** Sends a command that answers NDJSON (a feed) and expects 200; its lines. */
    static List<JsonNode> ndjson(CurlCommand command) {
        ResponseEntity<String> response = send(command);
        assertThat(response.getStatusCode().value()).as("%s %s: %s", command.method(), command.url(), response.getBody())
                .isEqualTo(200);
        String body = response.getBody() == null ? "" : response.getBody();
        return body.lines().filter(line -> !line.isBlank()).map(JSON::readTree).toList();
    }

    /** The status a command gets, whatever it is. */
    static int status(CurlCommand command) {
        return send(command).getStatusCode().value();
    }

    /** Sends a command the way curl would: its method, URL, headers and body, with the PEM files it names. */
    private static ResponseEntity<String> send(CurlCommand command) {
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(uri(command.certFile())).withPrivateKey(uri(command.keyFile())),
                PemSslStoreDetails.forCertificate(uri(command.caFile()))));
        RestClient client = RestClient.builder()
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(HttpClientSettings.ofSslBundle(bundle)))
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
        RestClient.RequestBodySpec request = client.method(HttpMethod.valueOf(command.method())).uri(command.url())
                .headers(headers -> command.headers().forEach(headers::set));
        if (command.body() != null) {
            request.body(command.body().getBytes(StandardCharsets.UTF_8));
        }
        return request.retrieve().toEntity(String.class);
    }

    private static String uri(String file) {
        return Path.of(file).toAbsolutePath().toUri().toString();
    }
}
