package dev.carbonledger.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BenchResultTest {

    @Test
    void shouldReportTheExactlyOncePipeAndTheTopologyAgainstIt() {
        BenchResult result = new BenchResult(1_000_000, 900_000, 400_000, 300_000, 150_000, 700, 800, 5_000, 140_000,
                12_000_000, 73, 20, true, 4_000, new BudgetFootprint(10_000, 60_000_000, 5_800));

        assertThat(result.ratio()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(result.eosRatio()).isCloseTo(0.75, within(1e-12));
        assertThat(result.keyValueLine())
                .startsWith("raw_sps=900000 eos_pipe_sps=400000 topology_sps=300000 ratio=0.333 eos_ratio=0.750 p50_ms=700");
    }

    @Test
    void shouldNotDivideByAPipeThatDidNotRun() {
        BenchResult result = new BenchResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, new BudgetFootprint(0, 0, 0));

        assertThat(result.eosRatio()).isZero();
        assertThat(result.keyValueLine()).contains("eos_pipe_sps=0 ", "eos_ratio=0.000 ");
    }
}
