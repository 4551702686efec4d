package jp.jukinet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.bench.BenchmarkResult.Figure;

class BenchmarkReportTest {

    private static final BenchmarkReport.Machine MACHINE = new BenchmarkReport.Machine(2, "23.4 GiB",
            "`openjdk version \"17.0.15\"`", "0.50 / 0.40 / 0.30", "`abc1234`");

    private static final BenchmarkResult CHAIN = BenchmarkResult.builder("notice-chain")
            .setting("backlog=20,000 notices")
            .figure(Figure.rate("chain throughput, CS commit → national commit", 3918.4, "notices/s", 16_800, "rows/s",
                    "PostgreSQL single-row INSERT + commit, 8 JDBC clients"))
            .figure(Figure.time("rebuild", 16.2, "s", 8.1, "s", "psql \\copy of the same rows"))
            .figure(Figure.withoutRawLimit("latency p99 at 100/s", 161, "ms", false,
                    "no raw limit: a commit-to-commit latency across two servers has no plain-SQL counterpart"))
            .note("every notice arrived")
            .build();

    @Test
    void everyFigureStandsBesideItsRawLimitAndItsShare() {
        String section = render(List.of(entry(CHAIN)));

        assertThat(section).contains("| chain throughput, CS commit → national commit | 3,918 notices/s | 16,800 rows/s | 0.23 "
                + "| PostgreSQL single-row INSERT + commit, 8 JDBC clients |");
        // a time: the share is the raw limit's time over the figure's
        assertThat(section).contains("| rebuild | 16.2 s | 8.10 s | 0.50 | psql \\copy of the same rows |");
        assertThat(section).contains("| latency p99 at 100/s | 161 ms | no raw limit measured | — | no raw limit: ");
        assertThat(section).contains("Settings: backlog=20,000 notices.").contains("- every notice arrived");
    }

    @Test
    void theHeaderNamesTheMachineAndTheLoadBeforeTheRun() {
        String section = render(List.of(entry(CHAIN)));

        assertThat(section).startsWith(BenchmarkReport.BEGIN + "\n").endsWith(BenchmarkReport.END + "\n");
        assertThat(section).contains("Run 2026-12-04 05:00 UTC to 2026-12-04 05:30 UTC (`./bench`), commit `abc1234`.")
                .contains("Machine: 2 cores, 23.4 GiB of memory, `openjdk version \"17.0.15\"`; load average before the "
                        + "run 0.50 / 0.40 / 0.30");
        assertThat(section).contains("### Notice chain (`notice-chain`)").contains("`./mvnw -pl network-tests exec:java`");
    }

    @Test
    void aFailedBenchmarkIsReportedAsFailedAndTheOthersAsRun() {
        BenchmarkReport.Entry failed = new BenchmarkReport.Entry("provision", "Provision", "./mvnw x", null,
                "exit status 1 (see target/bench/provision.log)", Duration.ofSeconds(5), "1.0 → 1.1");

        String section = render(List.of(failed, entry(CHAIN)));

        assertThat(section).contains("**Failed**: exit status 1 (see target/bench/provision.log)")
                .contains("| chain throughput");
        assertThat(section).contains("### Not run by ./bench yet").contains("- the scale harness");
    }

    @Test
    void onlyTheMarkedSectionIsReplaced() {
        String before = "# Benchmarks\n\nhand-written history\n\n## Latest run of ./bench\n\n";
        String after = "\n## Older figures\n\nkept as they are\n";
        String page = before + BenchmarkReport.BEGIN + "\nold figures\n" + BenchmarkReport.END + "\n" + after;

        String written = BenchmarkReport.replaceSection(page, render(List.of(entry(CHAIN))));

        assertThat(written).startsWith(before).endsWith(BenchmarkReport.END + "\n" + after)
                .doesNotContain("old figures").contains("| chain throughput");
        // a second run replaces the first, and leaves the rest as it was
        String again = BenchmarkReport.replaceSection(written, render(List.of()));
        assertThat(again).startsWith(before).endsWith(BenchmarkReport.END + "\n" + after).doesNotContain("| chain throughput");
    }

    @Test
    void aPageWithoutMarkersGetsTheSectionAtItsEnd() {
        String page = "# Benchmarks\n\nhistory\n";

        String written = BenchmarkReport.replaceSection(page, render(List.of()));

        assertThat(written).startsWith(page + "\n" + BenchmarkReport.HEADING + "\n\n" + BenchmarkReport.BEGIN);
    }

    @Test
    void markersOutOfOrderOrTwiceAreRefused() {
        String section = render(List.of());
        assertThatThrownBy(() -> BenchmarkReport.replaceSection(BenchmarkReport.END + "\n" + BenchmarkReport.BEGIN, section))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchmarkReport.replaceSection(BenchmarkReport.BEGIN + "\nx\n", section))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchmarkReport.replaceSection(BenchmarkReport.BEGIN + BenchmarkReport.END
                + BenchmarkReport.BEGIN + BenchmarkReport.END, section)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResultReadsBackAsWritten(@TempDir Path directory) {
        Path file = directory.resolve("notice-chain.result");
        BenchmarkResult withTabs = BenchmarkResult.builder("x").note("a\tnote\nover lines")
                .figure(Figure.rate("what", 1.5, "/s", 3, "/s", "raw")).build();

        CHAIN.write(file);
        assertThat(BenchmarkResult.read(file)).isEqualTo(CHAIN);
        withTabs.write(file);
        assertThat(BenchmarkResult.read(file).notes()).containsExactly("a note over lines");
    }

    @Test
    void numbersCarryOnlyTheDigitsThatMeanSomething() {
        assertThat(BenchmarkReport.number(72_213.4)).isEqualTo("72,213");
        assertThat(BenchmarkReport.number(16.24)).isEqualTo("16.2");
        assertThat(BenchmarkReport.number(1.234)).isEqualTo("1.23");
        assertThat(BenchmarkReport.number(0.0461)).isEqualTo("0.046");
        // a share far below its raw limit keeps its digits: 0.005 is not 0
        assertThat(BenchmarkReport.share(0.2347)).isEqualTo("0.23");
        assertThat(BenchmarkReport.share(0.00477)).isEqualTo("0.005");
    }

    @Test
    void theCommandLineSelectsBenchmarksAndDecidesWhetherThePageIsWritten() {
        BenchmarkSuite.Options all = BenchmarkSuite.Options.parse();
        BenchmarkSuite.Options some = BenchmarkSuite.Options.parse("provision", "notice-chain");

        assertThat(all.selected()).isEqualTo(BenchmarkSuite.BENCHMARKS);
        assertThat(all.writesPage()).isTrue();
        // the suite's order, not the command line's
        assertThat(some.selected()).extracting(BenchmarkSuite.Benchmark::id).containsExactly("notice-chain", "provision");
        assertThat(some.writesPage()).isFalse();
        assertThat(BenchmarkSuite.Options.parse("--quick").writesPage()).isFalse();
        assertThat(BenchmarkSuite.Options.parse("--quick", "--write").writesPage()).isTrue();
        assertThat(BenchmarkSuite.Options.parse("--no-write").writesPage()).isFalse();
        assertThatThrownBy(() -> BenchmarkSuite.Options.parse("no-such")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notice-chain");
    }

    @Test
    void aMainRunsOnItsModulesTestClassPathAndAJUnitBenchmarkThroughSurefire() {
        BenchmarkSuite.Benchmark chain = BenchmarkSuite.BENCHMARKS.stream().filter(b -> b.id().equals("notice-chain"))
                .findFirst().orElseThrow();
        BenchmarkSuite.Benchmark feed = BenchmarkSuite.BENCHMARKS.stream().filter(b -> b.id().equals("feed-write"))
                .findFirst().orElseThrow();

        assertThat(chain.shown(List.of("-Dbench.seconds=3"))).isEqualTo("./mvnw -B -q -pl network-tests dependency:build-classpath "
                + "-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test && (cd network-tests && java -cp "
                + "target/test-classes:target/classes:$(cat target/bench.classpath) -Dbench.seconds=3 "
                + "jp.jukinet.network.bench.NoticeChainBenchmark)");
        List<List<String>> run = feed.commands(List.of("mvnw"), List.of("-Dbench.changes=5"), Path.of("/tmp/r"));
        assertThat(run).containsExactly(List.of(".", "mvnw", "-pl", "provision", "surefire:test", "-Dtest=FeedWriteBenchmark",
                "-Dsurefire.failIfNoSpecifiedTests=false", "-Dbench.changes=5", "-Dbench.result=/tmp/r"));
    }

    private static BenchmarkReport.Entry entry(BenchmarkResult result) {
        return new BenchmarkReport.Entry(result.id(), "Notice chain", "./mvnw -pl network-tests exec:java", result, null,
                Duration.ofSeconds(90), "0.5 → 1.9");
    }

    private static String render(List<BenchmarkReport.Entry> entries) {
        return BenchmarkReport.render(Instant.parse("2026-12-04T05:00:00Z"), Instant.parse("2026-12-04T05:30:00Z"),
                "`./bench`", MACHINE, entries, List.of("the scale harness"));
    }
}
