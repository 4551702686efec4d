package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

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
}
