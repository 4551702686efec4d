package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.cluster.ScaleTable.Kind;
import jp.jukinet.cluster.ScaleTable.Row;

/** The harness's own parsing; the harness itself is a benchmark, run by docs/scale-harness.sh. */
class ScaleHarnessTest {

    @Test
    void readsEachNOfBenchResidentsInOrder() {
        assertThat(ScaleHarness.sizes("100000,1000000,10000000")).isEqualTo(List.of(100_000, 1_000_000, 10_000_000));
        assertThat(ScaleHarness.sizes(" 100_000, 1_000_000 ")).isEqualTo(List.of(100_000, 1_000_000));
    }

    @Test
    void refusesAnNTooSmallToMeasureOrNoneAtAll() {
        assertThatThrownBy(() -> ScaleHarness.sizes("100000,10")).hasMessageContaining("at least 1,000").hasMessageContaining("10");
        assertThatThrownBy(() -> ScaleHarness.sizes(" , ")).hasMessageContaining("names no N");
        assertThatThrownBy(() -> ScaleHarness.sizes("1e6")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void givesBenchItsRowsEachBesideItsRawLimitAndTheOnesWithoutSayingSo() {
        BenchmarkResult result = ScaleHarness.result(List.of(100_000), List.of(
                new Row(100_000, "load, every tier (BulkLoader)", Kind.SECONDS, 13.8, 12.7, "`psql \\copy`", "653 MiB"),
                new Row(100_000, "single lookups", Kind.PER_SECOND, 1_686, 65_272, "primary-key select", ""),
                new Row(100_000, "VACUUM ANALYZE", Kind.SECONDS, 4.67, Double.NaN, "—", "not part of the load")));

        assertThat(result.id()).isEqualTo("scale-harness");
        assertThat(result.figures()).extracting(Figure::what).containsExactly("N=100,000: load, every tier (BulkLoader)",
                "N=100,000: single lookups", "N=100,000: VACUUM ANALYZE");
        assertThat(result.figures().get(0).shareOfRaw()).isCloseTo(12.7 / 13.8, within(1e-9));
        assertThat(result.figures().get(0).rawIs()).isEqualTo("`psql \\copy` — 653 MiB");
        assertThat(result.figures().get(1).shareOfRaw()).isCloseTo(1_686 / 65_272.0, within(1e-9));
        assertThat(result.figures().get(2).raw()).isNull();
        assertThat(result.figures().get(2).rawIs()).isEqualTo("no raw limit measured — not part of the load");
    }

    @Test
    void keepsWhatItMeasuredAndWhereItStoodBetweenInvocations(@TempDir Path directory) throws Exception {
        ScaleHarness.State state = new ScaleHarness.State();
        state.rows.add(ScaleHarness.SavedRow.of(new Row(10_000_000, "load, every tier (BulkLoader)", Kind.SECONDS, 3280.5,
                2714.2, "`psql \\copy`", "58 GiB")));
        state.rows.add(ScaleHarness.SavedRow.of(new Row(10_000_000, "VACUUM ANALYZE after the load, every node",
                Kind.SECONDS, 150.0, Double.NaN, "—", "")));
        state.completed.add(1_000_000L);
        state.network = new ScaleHarness.Unfinished();
        state.network.residents = 10_000_000;
        state.network.now = "2026-12-03T15:00:00Z";
        state.network.done.addAll(List.of("raw loads", "load"));
        state.network.rawLoad = 2714.2;
        state.network.nationalCounts = Map.of("residents", 10_000_000L);
        Path file = directory.resolve("state.json");
        ScaleHarness.writeState(file, state);

        ScaleHarness.State read = ScaleHarness.readState(file);

        assertThat(read.rows).containsExactlyElementsOf(state.rows);
        // a figure with no raw limit keeps having none (JSON has no NaN)
        assertThat(read.rows.get(1).row().raw()).isNaN();
        assertThat(read.completed).containsExactly(1_000_000L);
        assertThat(read.network.residents).isEqualTo(10_000_000);
        assertThat(read.network.done).containsExactly("raw loads", "load");
        assertThat(read.network.rawLoad).isEqualTo(2714.2);
        assertThat(read.network.nationalCounts).containsEntry("residents", 10_000_000L);
        assertThat(read.network.rebuildStarted).isFalse();
        assertThat(directory.resolve("state.json.new")).doesNotExist();
    }
}
