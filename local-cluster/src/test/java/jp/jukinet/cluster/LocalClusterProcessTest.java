package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster as its own process, as {@code ./jukinet} runs it: a SIGTERM (what Ctrl-C's shutdown
 * amounts to) stops every node and PostgreSQL cleanly; after a {@code kill -9}, which leaves
 * PostgreSQL running without its JVM, the next start stops that server and continues on the same
 * data, with nothing lost.
 */
class LocalClusterProcessTest {

    private static final int POPULATION = 300;

    @TempDir
    Path state;

    @Test
    void stopsCleanlyOnSigtermAndRecoversAfterKillNine() throws Exception {
        int offset = LocalCluster.freePortOffset();
        Path pid = state.resolve("postgres").resolve("postmaster.pid");

        Path firstLog = state.resolve("first.out");
        Process first = launch(offset, firstLog);
        awaitReady(first, firstLog);
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(firstLog)).contains("Stopping Juki-Net").contains("Stopped.");
        assertThat(pid).as("PostgreSQL shut down with the cluster").doesNotExist();

        Path secondLog = state.resolve("second.out");
        Process second = launch(offset, secondLog);
        awaitReady(second, secondLog);
        second.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Optional<ProcessHandle> orphan = postmaster(pid);
        assertThat(orphan).as("kill -9 leaves PostgreSQL running on the data").isPresent();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalCluster third = LocalCluster.start(new ClusterOptions(state, POPULATION, 0, 7, false, offset),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(orphan.get().isAlive()).isFalse();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("an earlier run left behind")
                    .contains("300 residents are registered.");
            assertThat(third.database("national").sql("SELECT count(*) FROM residents").query(Long.class).single())
                    .isEqualTo(POPULATION);
            third.awaitAgreement(Duration.ofSeconds(30));
        }
    }

    private Process launch(int offset, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                LocalCluster.class.getName(), "start", "--var=" + state, "--population=" + POPULATION, "--seed=7",
                "--port-offset=" + offset))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitReady(Process process, Path log) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the cluster exited early:\n" + Files.readString(log));
            }
            return Files.readString(log).contains("Juki-Net is running");
        });
    }

    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }
}
