package dev.carbonledger.sinks.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExporterConfigTest {

    @Test
    void shouldApplyDocumentedDefaults() {
        ExporterConfig config = ExporterConfig.builder("127.0.0.1:9092").build();

        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9464);
        assertThat(config.emissionLabels()).containsExactlyInAnyOrder("team", "model", "namespace", "grid_zone");
        assertThat(config.lagGroups()).containsExactly(ExporterConfig.DEFAULT_LAG_GROUP);
        assertThat(config.topics().totals()).isEqualTo("carbon.emissions.totals");
        assertThat(config.basicAuth()).isEmpty();
        assertThat(config.tls()).isEmpty();
    }

    @Test
    void shouldReportEveryErrorAtOnceWhenSeveralSettingsAreInvalid() {
        ExporterConfig.Builder builder = ExporterConfig.builder(" ")
                .port(70000)
                .emissionLabels(Set.of("team", "pod_uid"))
                .refreshInterval(Duration.ZERO)
                .maxNodes(0)
                .maxEmissionSeries(0)
                .seriesRetireAfter(Duration.ofSeconds(-1));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 error(s)")
                .hasMessageContaining("max emission series must be positive, got 0")
                .hasMessageContaining("series retire-after must be >= 0 (0 = never retire)")
                .hasMessageContaining("bootstrap servers are required")
                .hasMessageContaining("port must be in 0..65535, got 70000")
                .hasMessageContaining("label 'pod_uid' is not allowed")
                .hasMessageContaining("refresh interval must be positive")
                .hasMessageContaining("max nodes must be positive");
    }

    @Test
    void shouldExplainTheRenamedZoneLabelWhenItIsAskedFor() {
        assertThatThrownBy(() -> ExporterConfig.builder("broker:9092").emissionLabels(Set.of("team", "zone")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 'zone' is now called 'grid_zone'");
    }

    @Test
    void shouldApplyTheSeriesBoundAndRetirementDefaults() {
        ExporterConfig config = ExporterConfig.builder("broker:9092").build();

        assertThat(config.maxEmissionSeries()).isEqualTo(10_000);
        assertThat(config.seriesRetireAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldReadFlatPropertiesAndPassKafkaKeysThrough() {
        ExporterConfig config = ExporterConfig.fromMap(Map.of(
                "bootstrap.servers", "broker:9092",
                "topic.prefix", "acme",
                "port", "0",
                "labels", "team, grid_zone",
                "max.emission.series", "50",
                "series.retire.after.ms", "600000",
                "lag.groups", "a,b",
                "basic.auth.username", "prom",
                "basic.auth.password", "secret",
                "kafka.security.protocol", "SSL"));

        assertThat(config.topics().totals()).isEqualTo("acme.emissions.totals");
        assertThat(config.port()).isZero();
        assertThat(config.emissionLabels()).containsExactlyInAnyOrder("team", "grid_zone");
        assertThat(config.maxEmissionSeries()).isEqualTo(50);
        assertThat(config.seriesRetireAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.lagGroups()).isEqualTo(List.of("a", "b"));
        assertThat(config.basicAuth()).contains(new ExporterConfig.BasicAuth("prom", "secret"));
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SSL");
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void shouldRejectUnknownKeysAndHalfGivenCredentialsTogether() {
        assertThatThrownBy(() -> ExporterConfig.fromMap(Map.of(
                        "bootstrap.servers", "broker:9092",
                        "prot", "9464",
                        "basic.auth.username", "prom")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'prot'")
                .hasMessageContaining("basic.auth.username and basic.auth.password must be given together");
    }
}
