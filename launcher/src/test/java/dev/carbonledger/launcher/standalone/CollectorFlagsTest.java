package dev.carbonledger.launcher.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import dev.carbonledger.collectors.config.EnergySourceKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CollectorFlagsTest {
    @Test
    void shouldLetFlagsWinOverTheEnvironmentAndKeepTheRest() {
        CollectorFlags flags = new CollectorFlags();
        new CommandLine(flags).parseArgs("--source", "kepler", "--kepler-url", "http://127.0.0.1:9/metrics",
                "--node", "node-a");

        CollectorConfig config = flags.config(Map.of(
                "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "demo",
                "CARBON_LEDGER_COLLECTOR_NODE_ZONE", "DE",
                "CARBON_LEDGER_COLLECTOR_POD_SOURCE", "none"));

        assertThat(config.energySources()).containsExactly(EnergySourceKind.KEPLER);
        assertThat(config.get(CollectorSetting.KEPLER_URL)).isEqualTo("http://127.0.0.1:9/metrics");
        assertThat(config.nodeName()).contains("node-a");
        assertThat(config.nodeZone()).contains("DE");
    }

    @Test
    void shouldRefuseOnceWithoutDryRun() {
        CollectorFlags flags = new CollectorFlags();
        new CommandLine(flags).parseArgs("--once");

        assertThatThrownBy(() -> flags.config(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--once needs --dry-run");
    }
}
