package dev.carbonledger.broker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    private static final Path DIR = Path.of("target", "broker-config-test");

    @Test
    void shouldUseLocalDefaultsWhenOnlyTheDataDirIsGiven() {
        BrokerConfig config = BrokerConfig.builder(DIR).build();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9092);
        assertThat(config.controllerPort()).isEqualTo(19093);
        assertThat(config.partitions()).isEqualTo(4);
        assertThat(config.dataDir()).isEqualTo(DIR.toAbsolutePath());
        assertThat(config.serverOverrides()).isEmpty();
    }

    @Test
    void shouldReportEveryInvalidSettingAtOnce() {
        BrokerConfig.Builder builder = BrokerConfig.builder(DIR).host(" ").port(70_000).controllerPort(-1)
                .partitions(0).startupTimeout(Duration.ZERO).serverProperty("listeners", "PLAINTEXT://:1");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host must not be blank")
                .hasMessageContaining("port must be in 0..65535 (0 = ephemeral), was 70000")
                .hasMessageContaining("controllerPort must be in 0..65535 (0 = ephemeral), was -1")
                .hasMessageContaining("partitions must be >= 1, was 0")
                .hasMessageContaining("startupTimeout must be positive")
                .hasMessageContaining("server property 'listeners' is derived");
    }

    @Test
    void shouldRejectAWildcardHostBecauseItIsAlsoAdvertised() {
        assertThatThrownBy(() -> BrokerConfig.builder(DIR).host("0.0.0.0").build())
                .hasMessageContaining("host must be a hostname or IPv4 address clients can reach");
        assertThatThrownBy(() -> BrokerConfig.builder(DIR).host("::").build())
                .hasMessageContaining("was ::");
    }

    @Test
    void shouldRejectTheSamePortForClientsAndController() {
        assertThatThrownBy(() -> BrokerConfig.builder(DIR).port(9092).controllerPort(9092).build())
                .hasMessageContaining("port and controllerPort must differ, both are 9092");
    }

    @Test
    void shouldAllowBothPortsEphemeral() {
        BrokerConfig config = BrokerConfig.builder(DIR).port(0).controllerPort(0).build();

        assertThat(config.port()).isZero();
        assertThat(config.controllerPort()).isZero();
    }

    @Test
    void shouldRequireADataDir() {
        assertThatThrownBy(() -> BrokerConfig.builder(null).build()).hasMessageContaining("dataDir is required");
    }

    @Test
    void shouldCopyEverySettingIntoANewBuilder() {
        BrokerConfig config = BrokerConfig.builder(DIR).port(1234).controllerPort(2345).partitions(2)
                .startupTimeout(Duration.ofSeconds(5)).serverProperty("log.retention.hours", "1").build();

        BrokerConfig copy = config.toBuilder().build();

        assertThat(copy).usingRecursiveComparison().isEqualTo(config);
    }
}
