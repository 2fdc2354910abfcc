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
        assertThat(config.emissionLabels()).containsExactlyInAnyOrder("team", "model", "namespace", "zone");
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
                .maxNodes(0);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 error(s)")
                .hasMessageContaining("bootstrap servers are required")
                .hasMessageContaining("port must be in 0..65535, got 70000")
                .hasMessageContaining("label 'pod_uid' is not allowed")
                .hasMessageContaining("refresh interval must be positive")
                .hasMessageContaining("max nodes must be positive");
    }

    @Test
    void shouldReadFlatPropertiesAndPassKafkaKeysThrough() {
        ExporterConfig config = ExporterConfig.fromMap(Map.of(
                "bootstrap.servers", "broker:9092",
                "topic.prefix", "acme",
                "port", "0",
                "labels", "team, zone",
                "lag.groups", "a,b",
                "basic.auth.username", "prom",
                "basic.auth.password", "secret",
                "kafka.security.protocol", "SSL"));

        assertThat(config.topics().totals()).isEqualTo("acme.emissions.totals");
        assertThat(config.port()).isZero();
        assertThat(config.emissionLabels()).containsExactlyInAnyOrder("team", "zone");
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
