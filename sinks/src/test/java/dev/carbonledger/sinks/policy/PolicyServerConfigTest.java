package dev.carbonledger.sinks.policy;

import dev.carbonledger.schemas.tls.TlsKeystore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.domain.budget.BurnSettings;
import dev.carbonledger.domain.intensity.AccountingSignal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyServerConfigTest {

    @Test
    void shouldApplyDocumentedDefaultsWhenOnlyBootstrapServersAreGiven() {
        PolicyServerConfig config = PolicyServerConfig.builder("127.0.0.1:9092").build();

        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.tls()).isEmpty();
        assertThat(config.bearerToken()).isEmpty();
        assertThat(config.criticalClasses()).isEqualTo(BurnSettings.DEFAULT_CRITICAL_CLASSES);
        assertThat(config.accountingSignal()).isEqualTo(AccountingSignal.DEFAULT);
        assertThat(config.clock().getZone()).isEqualTo(Clock.systemUTC().getZone());
        assertThat(config.maxWindowSearch()).isEqualTo(Duration.ofDays(7));
        assertThat(config.topics().budgets()).isEqualTo("carbon.budgets");
    }

    @Test
    void shouldReportEveryErrorAtOnceWhenSeveralSettingsAreInvalid() {
        PolicyServerConfig.Builder builder = PolicyServerConfig.builder(" ")
                .port(-1)
                .bindAddress("")
                .tls(new TlsKeystore(Path.of("/nonexistent/policy.p12"), "pw", "PEM"))
                .bearerToken("two words")
                .criticalClasses(Set.of(" "))
                .maxWindowSearch(Duration.ZERO)
                .clock(null);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9 error(s)")
                .hasMessageContaining("bootstrap servers are required")
                .hasMessageContaining("port must be in 0..65535, got -1")
                .hasMessageContaining("bind address is required")
                .hasMessageContaining("TLS keystore /nonexistent/policy.p12 is not readable")
                .hasMessageContaining("TLS keystore type must be PKCS12 or JKS, got 'PEM'")
                .hasMessageContaining("bearer token must be non-empty")
                .hasMessageContaining("critical classes must not be null or blank")
                .hasMessageContaining("max window search must be positive")
                .hasMessageContaining("clock is required");
    }

    @Test
    void shouldDefaultAndValidateTheLiveViewSettingsWhenBuilt() {
        PolicyServerConfig defaults = PolicyServerConfig.builder("127.0.0.1:9092").build();
        assertThat(defaults.maxStreamClients()).isEqualTo(64);
        assertThat(defaults.streamHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.liveLookback()).isEqualTo(Duration.ofHours(1));

        PolicyServerConfig.Builder builder = PolicyServerConfig.builder("127.0.0.1:9092").maxStreamClients(0)
                .streamHeartbeat(Duration.ZERO).liveLookback(Duration.ofSeconds(-1));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 error(s)")
                .hasMessageContaining("max stream clients must be in 1..10000, got 0")
                .hasMessageContaining("stream heartbeat must be positive")
                .hasMessageContaining("live lookback must not be negative");
    }

    @Test
    void shouldNeverPrintTheTokenOrTheKeystorePasswordWhenPrinted() {
        PolicyServerConfig config = PolicyServerConfig.builder("broker:9092")
                .bearerToken("s3cret-token")
                .tls(new TlsKeystore(Path.of("pom.xml"), "keystore-pass", "PKCS12"))
                .build();

        assertThat(config.toString()).doesNotContain("s3cret-token").doesNotContain("keystore-pass")
                .contains("bearerToken=***").contains("password=***");
        assertThat(config.bearerToken()).contains("s3cret-token");
    }
}
