package dev.carbonledger.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.schemas.registry.CompatibilityLevel;
import dev.carbonledger.schemas.tls.TlsKeystore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    @Test
    void shouldDefaultEmbeddedRegistryToLoopbackAndBackward() {
        EmbeddedRegistryConfig config = EmbeddedRegistryConfig.of(8081);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.defaultCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(config.username()).isNull();
        assertThat(config.tls()).isNull();
        assertThat(config.withBasicAuth("u", "secret").toString()).contains("basicAuth=true").doesNotContain("secret");
        assertThat(config.withTls(new TlsKeystore(Path.of("registry.p12"), "store-secret", "PKCS12")).toString())
                .contains("keystore=registry.p12").doesNotContain("store-secret");
    }

    @Test
    void shouldReportEveryEmbeddedRegistryProblemAtOnce() {
        assertThatThrownBy(() -> new EmbeddedRegistryConfig(" ", 70_000, null, "u", null, 0,
                new TlsKeystore(Path.of("registry.pem"), "pw", "PEM")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host")
                .hasMessageContaining("port")
                .hasMessageContaining("defaultCompatibility")
                .hasMessageContaining("username and password")
                .hasMessageContaining("threads")
                .hasMessageContaining("TLS keystore type must be PKCS12 or JKS, was 'PEM'");
    }

    @Test
    void shouldValidateKafkaSchemaLogSettingsAndCopyClientProperties() {
        KafkaSchemaLog.Settings settings = KafkaSchemaLog.Settings.of("127.0.0.1:9092", "_carbon.schemas")
                .withClientProperties(Map.of("security.protocol", "SASL_SSL"));

        assertThat(settings.replicationFactor()).isEqualTo((short) 1);
        assertThat(settings.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThatThrownBy(() -> new KafkaSchemaLog.Settings("", " ", (short) 0, null, Duration.ZERO))
                .hasMessageContaining("bootstrapServers")
                .hasMessageContaining("topic")
                .hasMessageContaining("replicationFactor")
                .hasMessageContaining("timeout");
    }

    @Test
    void shouldParseCompatibilityLevelsCaseInsensitivelyAndListValidOnes() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.backward()).isTrue();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.forward()).isTrue();
        assertThat(CompatibilityLevel.BACKWARD.transitive()).isFalse();
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .hasMessageContaining("SIDEWAYS")
                .hasMessageContaining("NONE, BACKWARD, BACKWARD_TRANSITIVE");
    }
}
