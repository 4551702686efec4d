package jp.jukinet.provision;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Operator command: verifies the hash chain of a node's provision records and names the first
 * broken link.
 *
 * <pre>{@code
 * java -cp national-service/target/national-service-<version>-exec.jar \
 *      -Dloader.main=jp.jukinet.provision.VerifyProvisionChain \
 *      org.springframework.boot.loader.launch.PropertiesLauncher \
 *      jdbc:postgresql://localhost:5432/national [user] [password]
 * }</pre>
 * The user and password may instead come from {@code PGUSER} and {@code PGPASSWORD}. Exit status:
 * 0 intact, 1 broken, 2 could not check (usage, connection).
 */
public final class VerifyProvisionChain {

    private VerifyProvisionChain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command without exiting: returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 3) {
            err.println("usage: VerifyProvisionChain <jdbc-url> [user] [password]  (or PGUSER / PGPASSWORD)");
            return 2;
        }
        String user = args.length > 1 ? args[1] : System.getenv("PGUSER");
        String password = args.length > 2 ? args[2] : System.getenv("PGPASSWORD");
        try (Connection connection = DriverManager.getConnection(args[0], user, password)) {
            ChainVerification result = ProvisionChainVerifier.verify(connection);
            (result.intact() ? out : err).println(result.summary());
            return result.intact() ? 0 : 1;
        } catch (SQLException e) {
            err.println("could not verify the provision records: " + e.getMessage());
            return 2;
        }
    }
}
