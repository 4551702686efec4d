package jp.jukinet.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;

/**
 * The local network as the browser tests use it, from outside the cluster's package: started once
 * with the clerk's window and the resident's portal, in a directory of its own under {@code target/},
 * on ports moved by an offset.
 */
public final class ClusterAccess implements AutoCloseable {

    private final LocalCluster cluster;

    private ClusterAccess(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * The network with {@code population} seeded residents, on ports moved by an offset at which every port it
     * needs is free now (other tests' servers may still hold ports of their own); fresh data.
     */
    public static ClusterAccess startOnFreePorts(int population) {
        return start(population, LocalCluster.freePortOffset());
    }

    /** The network with {@code population} seeded residents, its ports moved by {@code portOffset}; fresh data. */
    public static ClusterAccess start(int population, int portOffset) {
        Path var;
        try {
            var = Files.createDirectories(Path.of("target", "browser-network").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClusterOptions options = new ClusterOptions(var, population, 0, ClusterOptions.DEFAULT_SEED, true, portOffset);
        PrintStream log;
        try {
            log = new PrintStream(Files.newOutputStream(var.resolveSibling("browser-network.log")), true,
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClusterAccess(LocalCluster.start(options, log));
    }

    /** The password of the demo clerk accounts (generated once per {@code var/}; {@code ./jukinet} prints it). */
    public String demoPassword() {
        return cluster.secrets().demoClerkPassword();
    }

    public String windowUrl() {
        return cluster.topology().window().baseUrl();
    }

    public String portalUrl() {
        return cluster.topology().portal().baseUrl();
    }

    /** The login id of {@code lg}'s demo clerk. */
    public String clerkLogin(String lg) {
        return LocalCluster.demoClerk(lg);
    }

    /** Node {@code node}'s database, as that node's role. */
    public JdbcClient database(String node) {
        return cluster.database(node);
    }

    /** A client of the gateway presenting {@code identity}'s certificate (issued on demand). */
    public RestClient as(String identity) {
        DevCertificateAuthority.openOrCreate(cluster.options().pkiDirectory()).ensureIssued(new Identity(identity));
        return new ClusterClients(cluster.options().pkiDirectory(), cluster.topology().gateway().baseUrl()).as(identity);
    }

    /** The sample resident of 千代田区, who holds a certificate of their own. */
    public String sampleResident() {
        return cluster.ready().sampleResident();
    }

    /**
     * The {@code n}-th resident in force of {@code lg} (by resident code, the sample passed over), with a
     * certificate of their own issued now.
     */
    public String residentWithCertificate(String lg, int n) {
        List<String> codes = cluster.database("cs-" + lg).sql("""
                        SELECT resident_code FROM residents WHERE status = 'ACTIVE' AND municipality = ?
                          AND resident_code <> CAST(? AS char(11))
                        ORDER BY resident_code DESC LIMIT 1 OFFSET ?""")
                .param(lg).param(String.valueOf(sampleResident())).param(n).query(String.class).list();
        if (codes.isEmpty()) {
            throw new IllegalStateException("fewer than " + (n + 1) + " residents in force at " + lg);
        }
        String code = codes.get(0).trim();
        DevCertificateAuthority.openOrCreate(cluster.options().pkiDirectory()).ensureIssued(new Identity("resident-" + code));
        return code;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
