package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import jp.jukinet.cluster.ScaleTable.Kind;
import jp.jukinet.cluster.ScaleTable.Row;

class ScaleTableTest {

    @Test
    void theRatioIsTheShareOfTheRawLimitWhicheverWayAFigureIsCounted() {
        assertThat(new Row(100_000, "load", Kind.SECONDS, 20, 15, "psql", "").ratio()).isEqualTo(0.75);
        assertThat(new Row(100_000, "lookups", Kind.PER_SECOND, 2_000, 40_000, "pk", "").ratio()).isEqualTo(0.05);
        assertThat(new Row(100_000, "vacuum", Kind.SECONDS, 3, Double.NaN, "none", "").ratio()).isNaN();
    }

    @Test
    void eachRowIsWrittenWithItsRawLimitAndRatio() {
        ScaleTable table = new ScaleTable();
        table.add(new Row(100_000, "load", Kind.SECONDS, 20, 15, "psql \\copy", "7 nodes"));
        table.add(new Row(100_000, "vacuum", Kind.SECONDS, 3.456, Double.NaN, "none", ""));
        table.add(new Row(100_000, "single lookups", Kind.PER_SECOND, 1_234.4, 41_000, "pk select", ""));

        assertThat(table.results()).isEqualTo("""
                | N | figure | measured | raw limit | ratio | raw limit is | note |
                | ---: | --- | ---: | ---: | ---: | --- | --- |
                | 100,000 | load | 20.0 s | 15.0 s | 0.75 | psql \\copy | 7 nodes |
                | 100,000 | vacuum | 3.46 s | — | — | none |  |
                | 100,000 | single lookups | 1,234/s | 41,000/s | 0.03 | pk select |  |
                """);
        assertThat(table.growth()).as("one N has no growth").isEmpty();
        assertThat(table.markdown()).isEqualTo(table.results());
    }

    @Test
    void growthGivesEachFiguresFactorOverThePreviousN() {
        ScaleTable table = new ScaleTable();
        table.add(new Row(100_000, "load", Kind.SECONDS, 20, 15, "psql", ""));
        table.add(new Row(100_000, "lookups", Kind.PER_SECOND, 2_000, 40_000, "pk", ""));
        table.add(new Row(1_000_000, "load", Kind.SECONDS, 250, 180, "psql", ""));
        table.add(new Row(1_000_000, "lookups", Kind.PER_SECOND, 1_000, 30_000, "pk", ""));
        table.add(new Row(10_000_000, "load", Kind.SECONDS, 3_000, 2_000, "psql", ""));
        // a figure measured at some N only (a run cut short) leaves a gap, not a wrong factor

        assertThat(table.growth()).isEqualTo("""
                | figure | 100,000 | 1,000,000 (N ×10.0) | 10,000,000 (N ×10.0) |
                | --- | ---: | ---: | ---: |
                | load | 20.0 s | 250.0 s (×12.5) | 3,000.0 s (×12.0) |
                | lookups | 2,000/s | 1,000/s (×0.50) | — |
                """);
        assertThat(table.markdown()).startsWith(table.results()).contains("Growth").endsWith(table.growth());
    }
}
