package jp.jukinet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.pki.DevCertificateAuthority;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line without a network: parsing, help, usage errors (exit 2 and nothing sent), where
 * the network description comes from, a node that is not there (exit 3, the JSON says which), and
 * the dev CA's certificates.
 */
class JukinetAdminTest {

    @TempDir
    Path var;

    private final Map<String, String> environment = new HashMap<>();

    record Run(int exit, String out, String err) {

        JsonNode json() {
            return JsonMapper.builder().build().readTree(out);
        }
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = JukinetAdmin.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandHasHelpThatNamesItsExitCodes() {
        for (String[] command : List.of(new String[] {"--help"}, new String[] {"parked", "--help"},
                new String[] {"parked", "list", "--help"}, new String[] {"parked", "release", "--help"},
                new String[] {"parked", "discard", "--help"}, new String[] {"outbox", "--help"},
                new String[] {"purge", "--help"}, new String[] {"cert", "issue", "--help"},
                new String[] {"cert", "revoke", "--help"}, new String[] {"check", "--help"},
                new String[] {"rebuild", "status", "--help"}, new String[] {"rebuild", "start", "--help"},
                new String[] {"chain", "verify", "--help"}, new String[] {"chain", "exchange", "--help"},
                new String[] {"chain", "export", "--help"}, new String[] {"chain", "verify-export", "--help"})) {
            Run help = run(command);
            assertThat(help.exit()).as(String.join(" ", command)).isZero();
            assertThat(help.out()).as(String.join(" ", command)).startsWith("Usage: jukinet-admin");
        }
        assertThat(run("--help").out()).contains("Exit codes:").contains("parked").contains("outbox").contains("purge")
                .contains("cert").contains("var/network.properties");
        assertThat(run("outbox", "--help").out()).contains("--max-lag").contains("--json").contains("Exit codes:");
    }

    @Test
    void usageErrorsExitTwoAndSayWhy() {
        assertThat(run().exit()).isEqualTo(ExitCode.USAGE);
        Run unknown = run("frobnicate");
        assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("frobnicate");
        Run missing = run("parked", "release", "pref-13", "cs-131016");
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("SEQUENCE");
        assertThat(run("parked", "release", "pref-13", "cs-131016", "two").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run("purge").err()).contains("--node").contains("--all");
        assertThat(run("purge").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run("purge", "--all", "--node", "pref-13").exit()).isEqualTo(ExitCode.USAGE);
        Run municipality = run("check", "--municipality", "13101", "--url", "pref-13=https://localhost:8200");
        assertThat(municipality.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(municipality.err()).contains("--municipality").contains("six-digit");
        assertThat(run("chain", "export", "--node", "national").err()).contains("--out");
        // an export that is not there is the verifier's "could not verify": 2, like a usage error
        Run noFile = run("chain", "verify-export", var.resolve("no-such-export.ndjson").toString());
        assertThat(noFile.exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aWrongNetworkDescriptionIsAUsageErrorAndNothingIsSent() throws Exception {
        Run none = run("outbox", "--network", var.resolve("missing.properties").toString());
        assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("there is no network description");

        Run plain = run("outbox", "--url", "national=http://localhost:8300");
        assertThat(plain.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(plain.err()).contains("no https URL");

        Run stranger = run("outbox", "--url", "gateway=https://localhost:8443");
        assertThat(stranger.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(stranger.err()).contains("no node name");

        Run noCertificate = run("outbox", "--url", "national=https://localhost:8300", "--pki", var.toString());
        assertThat(noCertificate.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noCertificate.err()).contains("operator-local.crt");

        Run unknownNode = run("parked", "list", "--url", "national=https://localhost:8300", "--node", "pref-13");
        assertThat(unknownNode.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownNode.err()).contains("no node pref-13").contains("national");

        Run csPurge = run("purge", "--url", "cs-131016=https://localhost:8100", "--node", "cs-131016");
        assertThat(csPurge.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(csPurge.err()).contains("cs-131016 keeps no a retention purge".replace("no a", "no a"));

        Run csParked = run("parked", "list", "--url", "cs-131016=https://localhost:8100");
        assertThat(csParked.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(csParked.err()).contains("no node of the network keeps parked notices");
    }

    @Test
    void theDescriptionTheLocalClusterWritesIsReadBackWithThePkiBesideIt() {
        Map<String, URI> nodes = new LinkedHashMap<>();
        nodes.put("national", URI.create("https://localhost:8300"));
        nodes.put("pref-13", URI.create("https://localhost:8200"));
        nodes.put("cs-131016", URI.create("https://localhost:8100"));
        Path file = var.resolve(NetworkDescription.FILE_NAME);
        new NetworkDescription(nodes, var.resolve("pki"), "operator-local").write(file);

        NetworkDescription read = NetworkDescription.read(file);

        assertThat(read.nodes()).containsExactlyEntriesOf(nodes);
        assertThat(read.pki()).isEqualTo(var.resolve("pki").toAbsolutePath().normalize());
        assertThat(read.identity()).isEqualTo("operator-local");
        // flags win over the environment, which wins over the file
        environment.put("JUKINET_ADMIN_NETWORK", file.toString());
        JukinetAdmin admin = new JukinetAdmin(null, null, environment);
        assertThat(admin.description().nodes()).containsExactlyEntriesOf(nodes);
        environment.put("JUKINET_ADMIN_NODES", "national=https://national:8300, pref-13=https://pref-13:8200");
        environment.put("JUKINET_ADMIN_PKI", "/pki");
        assertThat(admin.description().nodes()).containsOnlyKeys("national", "pref-13");
        assertThat(admin.description().pki()).isEqualTo(Path.of("/pki"));
        admin.urls = List.of("cs-131016=https://localhost:9100");
        admin.identity = "operator-night";
        assertThat(admin.description().nodes()).containsOnlyKeys("cs-131016");
        assertThat(admin.description().identity()).isEqualTo("operator-night");
    }

    @Test
    void aNodeThatDoesNotAnswerIsExitThreeAndTheJsonSaysWhichWhileTheOthersAreStillAsked() throws Exception {
        DevCertificateAuthority.openOrCreate(var.resolve("pki")).issue(new jp.jukinet.pki.Identity("operator-local"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int alsoClosed;
        try (ServerSocket socket = new ServerSocket(0)) {
            alsoClosed = socket.getLocalPort();
        }

        Run outbox = run("outbox", "--json", "--pki", var.resolve("pki").toString(), "--timeout", "2",
                "--url", "national=https://localhost:" + closed, "--url", "pref-13=https://localhost:" + alsoClosed);

        assertThat(outbox.exit()).isEqualTo(ExitCode.NODE);
        JsonNode nodes = outbox.json().get("nodes");
        assertThat(nodes).hasSize(2);
        assertThat(nodes.get(0).get("node").asString()).isEqualTo("national");
        assertThat(nodes.get(0).get("error").get("kind").asString()).isEqualTo("UNREACHABLE");
        assertThat(nodes.get(1).get("error").get("kind").asString()).isEqualTo("UNREACHABLE");
        assertThat(outbox.err()).contains("national (https://localhost:" + closed + ") is not reachable")
                .contains("pref-13");

        Run release = run("parked", "release", "national", "pref-13", "2", "--pki", var.resolve("pki").toString(),
                "--url", "national=https://localhost:" + closed);
        assertThat(release.exit()).isEqualTo(ExitCode.NODE);
        assertThat(release.err()).contains("not reachable");
    }

    @Test
    void optionsOfTheToolGoBeforeOrAfterTheCommandAlike() throws Exception {
        for (List<String> args : List.of(List.of("--timeout", "3", "--json", "outbox"), List.of("outbox", "--timeout", "3", "--json"))) {
            java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
            picocli.CommandLine command = JukinetAdmin.commandLine(sink, sink, environment);
            command.parseArgs(args.toArray(String[]::new));
            JukinetAdmin admin = command.getCommand();
            assertThat(admin.timeoutSeconds).as(String.join(" ", args)).isEqualTo(3);
            assertThat(admin.json).as(String.join(" ", args)).isTrue();
        }
        DevCertificateAuthority.openOrCreate(var.resolve("pki")).issue(new jp.jukinet.pki.Identity("operator-local"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run before = run("--json", "--pki", var.resolve("pki").toString(), "--url", "national=https://localhost:" + closed,
                "outbox");
        assertThat(before.exit()).isEqualTo(ExitCode.NODE);
        assertThat(before.json().get("nodes").get(0).get("error").get("detail").asString())
                .endsWith("is not reachable: connection refused (is it running? is the port right?)");
        assertThat(run("--timeout", "0", "--pki", var.resolve("pki").toString(), "--url",
                "national=https://localhost:" + closed, "outbox").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void certIssueAndRevokeOnTheDevCa() throws Exception {
        Path pki = var.resolve("pki");
        Run issued = run("cert", "issue", "--pki", pki.toString(), "clerk-131016");
        assertThat(issued.exit()).isZero();
        assertThat(issued.out()).contains("clerk-131016: " + pki.resolve("clerk-131016.crt"));
        var certificate = DevCertificateAuthority.readCertificate(pki.resolve("clerk-131016.crt"));

        Run revoked = run("cert", "revoke", "--pki", pki.toString(), "--json", "clerk-131016");

        assertThat(revoked.exit()).isZero();
        assertThat(revoked.json().get("revoked").get(0).get("identity").asString()).isEqualTo("clerk-131016");
        assertThat(revoked.json().get("revocationList").asString()).isEqualTo(pki.resolve("ca.crl").toString());
        X509CRL crl;
        try (InputStream in = Files.newInputStream(pki.resolve("ca.crl"))) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
        crl.verify(DevCertificateAuthority.readCertificate(pki.resolve("ca.crt")).getPublicKey());
        assertThat(crl.isRevoked(certificate)).isTrue();
        assertThat(pki.resolve("clerk-131016.crt")).doesNotExist();
    }

    @Test
    void certRefusesWhatItCannotDo() {
        Run noCa = run("cert", "revoke", "--pki", var.resolve("pki").toString(), "clerk-131016");
        assertThat(noCa.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noCa.err()).contains("no dev CA");
        assertThat(var.resolve("pki").resolve("ca.crt")).doesNotExist();
        assertThat(run("cert", "issue", "--pki", var.resolve("pki").toString()).exit()).isEqualTo(ExitCode.USAGE);
        Run malformed = run("cert", "issue", "--pki", var.resolve("pki").toString(), "Not An Identity");
        assertThat(malformed.exit()).isEqualTo(ExitCode.USAGE);
    }
}
