package jp.jukinet.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dev-pki distribute}, as the docker compose PKI job runs it: each node's directory gets its
 * own key and the public files it needs, never the CA's key or another identity's key.
 */
class KeyDistributionTest {

    private static final List<String> IDENTITIES = List.of("gateway", "national", "cs-131016", "cs-131130", "clerk-131016");

    @TempDir
    Path ca;

    @TempDir
    Path keys;

    @Test
    void eachNodeGetsItsOwnKeyTheCaCertificateAndTheGatewayCertificateOnly() throws IOException {
        Files.createDirectories(keys.resolve("cs-131016"));
        Files.createDirectories(keys.resolve("gateway"));

        int status = command("ensure", ca.toString(), "gateway", "national", "cs-131016", "cs-131130", "clerk-131016",
                DevPkiCommand.THEN, "distribute", ca.toString(), keys.toString(), "cs-131016", "gateway");

        assertThat(status).isZero();
        assertThat(names(keys.resolve("cs-131016"))).containsExactlyInAnyOrder("cs-131016.crt", "cs-131016.key", "ca.crt", "gateway.crt");
        assertThat(names(keys.resolve("gateway"))).containsExactlyInAnyOrder("gateway.crt", "gateway.key", "ca.crt");
        assertThat(keys.resolve("cs-131016/cs-131016.key")).hasSameBinaryContentAs(ca.resolve("cs-131016.key"));
        assertThat(keys.resolve("cs-131016/gateway.crt")).hasSameBinaryContentAs(ca.resolve("gateway.crt"));
        assertThat(keys.resolve("cs-131016/ca.crt")).hasSameBinaryContentAs(ca.resolve("ca.crt"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("cs-131016/cs-131016.key"))))
                .isEqualTo("rw-------");

        // no private key but the node's own is anywhere under its directory, whatever its name
        Set<String> otherKeys = new TreeSet<>();
        otherKeys.add(Files.readString(ca.resolve(DevCertificateAuthority.CA_KEY)));
        IDENTITIES.stream().filter(identity -> !identity.equals("cs-131016"))
                .forEach(identity -> otherKeys.add(read(ca.resolve(identity + ".key"))));
        try (Stream<Path> files = Files.walk(keys.resolve("cs-131016"))) {
            assertThat(files.filter(Files::isRegularFile).map(KeyDistributionTest::read)).doesNotContainAnyElementsOf(otherKeys);
        }
    }

    @Test
    void theGatewayAlsoGetsTheRevocationListAndARedistributionReplacesItAndRemovesStrayKeys() throws IOException {
        DevCertificateAuthority authority = DevCertificateAuthority.openOrCreate(ca);
        authority.ensureIssued(new Identity("gateway"));
        authority.ensureIssued(new Identity("cs-131016"));
        Files.writeString(ca.resolve(KeyDistribution.CRL), "first list");
        Path gateway = Files.createDirectories(keys.resolve("gateway"));
        Path cs = Files.createDirectories(keys.resolve("cs-131016"));
        // what an earlier layout or a mistake left there
        Files.copy(ca.resolve("ca.key"), cs.resolve("ca.key"));
        Files.copy(ca.resolve("gateway.key"), cs.resolve("gateway.key"));

        assertThat(command("distribute", ca.toString(), keys.toString(), "gateway", "cs-131016")).isZero();
        assertThat(gateway.resolve("ca.crl")).hasContent("first list");
        assertThat(names(cs)).as("only the gateway reads the list").doesNotContain("ca.crl")
                .containsExactlyInAnyOrder("cs-131016.crt", "cs-131016.key", "ca.crt", "gateway.crt");

        Files.writeString(ca.resolve(KeyDistribution.CRL), "second list");
        assertThat(command("distribute", ca.toString(), keys.toString(), "gateway")).isZero();
        assertThat(gateway.resolve("ca.crl")).hasContent("second list");
        assertThat(names(gateway)).as("no temporary file left").containsExactlyInAnyOrder("gateway.crt", "gateway.key", "ca.crt", "ca.crl");
    }

    @Test
    void theNationalServerAloneGetsTheWebhookSigningKey() throws IOException {
        Files.createDirectories(keys.resolve("national"));
        Files.createDirectories(keys.resolve("gateway"));

        int status = command("ensure", ca.toString(), "gateway", "national", DevPkiCommand.THEN, "signing-key",
                ca.toString(), KeyDistribution.SIGNING_KEY, "national-chain-signing", DevPkiCommand.THEN, "distribute",
                ca.toString(), keys.toString(), "national", "gateway");

        assertThat(status).isZero();
        assertThat(names(keys.resolve("national"))).containsExactlyInAnyOrder("national.crt", "national.key", "ca.crt",
                "gateway.crt", "national-webhook-signing.key", "national-webhook-signing.pub", "national-chain-signing.key",
                "national-chain-signing.pub");
        assertThat(keys.resolve("national/national-webhook-signing.key"))
                .hasSameBinaryContentAs(ca.resolve("national-webhook-signing.key"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                keys.resolve("national/national-webhook-signing.key")))).isEqualTo("rw-------");
        assertThat(names(keys.resolve("gateway"))).containsExactlyInAnyOrder("gateway.crt", "gateway.key", "ca.crt");
    }

    /**
     * Issue #15: J-LIS and each prefecture sign their provision-chain heads with their own key and
     * check the heads of the others with the others' public keys: J-LIS gets every prefecture's,
     * a prefecture J-LIS's, and no node another's private key.
     */
    @Test
    void jlisAndEachPrefectureGetTheirOwnChainHeadKeyAndTheirPeersPublicKeys() throws IOException {
        for (String node : List.of("national", "pref-13", "pref-27")) {
            Files.createDirectories(keys.resolve(node));
        }
        int status = command("ensure", ca.toString(), "gateway", "national", "pref-13", "pref-27", DevPkiCommand.THEN,
                "signing-key", ca.toString(), KeyDistribution.SIGNING_KEY, "national-chain-signing", "pref-13-chain-signing",
                "pref-27-chain-signing", DevPkiCommand.THEN, "distribute", ca.toString(), keys.toString(), "national",
                "pref-13", "pref-27");

        assertThat(status).isZero();
        assertThat(names(keys.resolve("national"))).contains("national-chain-signing.key", "national-chain-signing.pub",
                "pref-13-chain-signing.pub", "pref-27-chain-signing.pub").doesNotContain("pref-13-chain-signing.key");
        assertThat(names(keys.resolve("pref-13"))).containsExactlyInAnyOrder("pref-13.crt", "pref-13.key", "ca.crt",
                "gateway.crt", "pref-13-chain-signing.key", "pref-13-chain-signing.pub", "national-chain-signing.pub");
        assertThat(keys.resolve("pref-13/national-chain-signing.pub")).hasSameBinaryContentAs(ca.resolve("national-chain-signing.pub"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                keys.resolve("pref-13/pref-13-chain-signing.key")))).isEqualTo("rw-------");

        // without its chain key a prefecture gets nothing (it would not start)
        Files.delete(ca.resolve("pref-27-chain-signing.key"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(command(err, "distribute", ca.toString(), keys.toString(), "pref-27")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dev-pki signing-key " + ca + " pref-27-chain-signing");
    }

    @Test
    void refusesAMissingTargetOrCertificateAndStopsTheStepsAfterIt() throws IOException {
        DevCertificateAuthority.openOrCreate(ca).ensureIssued(new Identity("gateway"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = command(err, "distribute", ca.toString(), keys.toString(), "gateway",
                DevPkiCommand.THEN, "ensure", ca.toString(), "national");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(keys.resolve("gateway") + " does not exist");
        assertThat(ca.resolve("national.crt")).as("the step after a failed one does not run").doesNotExist();

        Files.createDirectories(keys.resolve("national"));
        assertThat(command(err, "distribute", ca.toString(), keys.toString(), "national")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("national.crt does not exist");
        assertThat(names(keys.resolve("national"))).isEmpty();
    }

    private static int command(String... args) {
        return command(new ByteArrayOutputStream(), args);
    }

    private static int command(ByteArrayOutputStream err, String... args) {
        PrintStream out = System.out;
        PrintStream error = System.err;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return DevPkiCommand.run(args);
        } finally {
            System.setOut(out);
            System.setErr(error);
        }
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
