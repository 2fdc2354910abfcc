package dev.carbonledger.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestRegistryConfigTest {

    @Test
    void shouldApplyDefaultsForOneUrl() {
        RestRegistryConfig config = RestRegistryConfig.of("http://127.0.0.1:8081");

        assertThat(config.urls()).containsExactly(URI.create("http://127.0.0.1:8081"));
        assertThat(config.username()).isNull();
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldTakeBasicAuthFromUrlUserInfoAndStripIt() {
        RestRegistryConfig config = RestRegistryConfig.of("https://svc:pw@registry.example:8443/ccompat/v7");

        assertThat(config.username()).isEqualTo("svc");
        assertThat(config.password()).isEqualTo("pw");
        assertThat(config.urls()).containsExactly(URI.create("https://registry.example:8443/ccompat/v7"));
        assertThat(config.toString()).doesNotContain("pw");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> RestRegistryConfig.builder("ftp://x").basicAuth("user", null)
                .truststore(Path.of("/does/not/exist.p12"), "x").retries(-1, Duration.ZERO, Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://x")
                .hasMessageContaining("username and password")
                .hasMessageContaining("/does/not/exist.p12")
                .hasMessageContaining("maxRetries")
                .hasMessageContaining("initialBackoff");
    }

    @Test
    void shouldReadConfluentStylePropertiesAndRejectUnknownKeys() {
        RestRegistryConfig config = RestRegistryConfig.fromProperties(Map.of(
                "url", "http://a:1,http://b:2", "basic.auth.user.info", "u:p:with:colons",
                "max.retries", "5", "retries.backoff.ms", "50", "request.timeout.ms", "1000"));

        assertThat(config.urls()).hasSize(2);
        assertThat(config.password()).isEqualTo("p:with:colons");
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> RestRegistryConfig.fromProperties(Map.of("url", "http://a:1", "schema.registry.url", "x",
                "max.retries", "many")))
                .hasMessageContaining("unknown key 'schema.registry.url'")
                .hasMessageContaining("max.retries must be a whole number");
    }
}
