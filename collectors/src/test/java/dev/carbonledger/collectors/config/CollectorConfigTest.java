package dev.carbonledger.collectors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

    @Test
    void shouldReadSettingsAndKafkaPassThroughFromTheEnvironment() {
        CollectorConfig config = CollectorConfig.fromEnv(Map.of(
                "CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS", "kafka:9092",
                "CARBON_LEDGER_COLLECTOR_NODE_NAME", "node-1",
                "CARBON_LEDGER_COLLECTOR_NODE_ZONE", "DE",
                "CARBON_LEDGER_COLLECTOR_NODE_PUE", "1.2",
                "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "kepler, rapl",
                "CARBON_LEDGER_COLLECTOR_INTENSITY_PROVIDERS", "ukci",
                "CARBON_LEDGER_COLLECTOR_ENERGY_INTERVAL", "500ms",
                "CARBON_LEDGER_COLLECTOR_KAFKA_SECURITY_PROTOCOL", "SSL",
                "PATH", "/usr/bin"));

        assertThat(config.energySources()).containsExactly(EnergySourceKind.KEPLER, EnergySourceKind.RAPL);
        assertThat(config.intensityProviders()).containsExactly(IntensityProviderKind.UKCI);
        assertThat(config.energyInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.intensityInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.intensityZones()).containsExactly("DE");
        assertThat(config.nodePue()).contains(1.2);
        assertThat(config.kubernetesPods()).isTrue();
        assertThat(config.producerProperties()).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void shouldDefaultToDemoIntensityAndNoKubernetesForTheDemoFleet() {
        CollectorConfig config = CollectorConfig.demo("localhost:19092");

        assertThat(config.energySources()).containsExactly(EnergySourceKind.DEMO);
        assertThat(config.intensityProviders()).containsExactly(IntensityProviderKind.DEMO);
        assertThat(config.kubernetesPods()).isFalse();
        assertThat(config.energyInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldReportEveryErrorAtOnce() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(Map.of(
                "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "kepler,turbine",
                "CARBON_LEDGER_COLLECTOR_ENERGY_INTERVAL", "soon",
                "CARBON_LEDGER_COLLECTOR_NODE_PUE", "0.5",
                "CARBON_LEDGER_COLLECTOR_INTENSITY_PROVIDERS", "electricitymaps",
                "CARBON_LEDGER_COLLECTOR_KEPLER_URL", "localhost:9102",
                "CARBON_LEDGER_COLLECTOR_NODENAME", "typo")))
                .isInstanceOfSatisfying(CollectorConfigException.class, e -> assertThat(e.errors()).satisfiesExactlyInAnyOrder(
                        m -> assertThat(m).contains("ENERGY_SOURCES").contains("turbine"),
                        m -> assertThat(m).contains("ENERGY_INTERVAL").contains("soon"),
                        m -> assertThat(m).contains("NODE_PUE"),
                        m -> assertThat(m).contains("unknown setting CARBON_LEDGER_COLLECTOR_NODENAME"),
                        m -> assertThat(m).contains("NODE_NAME is required"),
                        m -> assertThat(m).contains("ELECTRICITYMAPS_TOKEN is required"),
                        m -> assertThat(m).contains("electricitymaps needs a zone"),
                        m -> assertThat(m).contains("KEPLER_URL must be an http(s) URL")));
    }

    @Test
    void shouldParseShortAndIsoDurations() {
        assertThat(CollectorConfig.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CollectorConfig.parseDuration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> CollectorConfig.parseDuration("5 minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHideSecretsWhenPrinted() {
        CollectorConfig config = CollectorConfig.builder()
                .set(CollectorSetting.ENERGY_SOURCES, "demo")
                .set(CollectorSetting.INTENSITY_PROVIDERS, "electricitymaps")
                .set(CollectorSetting.INTENSITY_ZONES, "FR")
                .set(CollectorSetting.ELECTRICITYMAPS_TOKEN, "s3cret").build();
        assertThat(config.toString()).doesNotContain("s3cret").contains("ELECTRICITYMAPS_TOKEN=****");
        assertThat(config.intensityZones()).isEqualTo(List.of("FR"));
    }
}
