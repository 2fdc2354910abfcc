package dev.carbonledger.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Everything up to the server start; the running broker is covered by the ITs in test-support. */
class EmbeddedKafkaBrokerTest {

    @Test
    void shouldConfigureACombinedNodeOnTheGivenHostAndPorts(@TempDir Path dir) {
        BrokerConfig config = BrokerConfig.builder(dir).port(29092).controllerPort(29093)
                .serverProperty("log.retention.hours", "1").build();

        Properties props = EmbeddedKafkaBroker.serverProperties(config);

        assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:29093");
        assertThat(props.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093");
        assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092");
        assertThat(props.getProperty("log.dirs")).isEqualTo(dir.resolve("kafka-logs").toString());
        assertThat(props.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(props.getProperty("offsets.topic.num.partitions")).isEqualTo("4");
        assertThat(props.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        assertThat(props.getProperty("log.retention.hours")).isEqualTo("1");
    }

    @Test
    void shouldAdvertiseTheProxiedListenerAtTheProxysPort(@TempDir Path dir) {
        BrokerConfig config = BrokerConfig.builder(dir).port(29092).controllerPort(29093)
                .proxiedListener(new BrokerConfig.ProxiedListener(29094, 39094)).build();

        Properties props = EmbeddedKafkaBroker.serverProperties(config);

        assertThat(props.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:29092,PROXIED://127.0.0.1:29094,CONTROLLER://127.0.0.1:29093");
        assertThat(props.getProperty("advertised.listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:29092,PROXIED://127.0.0.1:39094");
        assertThat(props.getProperty("listener.security.protocol.map")).contains("PROXIED:PLAINTEXT");
        assertThat(BrokerMain.Options.parse(new String[] {"--data-dir", dir.toString(), "--proxied-listener", "29094:39094"})
                .config.proxiedListener()).isEqualTo(new BrokerConfig.ProxiedListener(29094, 39094));
    }

    @Test
    void shouldResolveEphemeralPortsToDistinctFreePorts(@TempDir Path dir) {
        BrokerConfig resolved = EmbeddedKafkaBroker.resolvePorts(
                BrokerConfig.builder(dir).port(0).controllerPort(0).build());

        assertThat(resolved.port()).isPositive().isNotEqualTo(resolved.controllerPort());
        assertThat(resolved.controllerPort()).isPositive();
    }

    @Test
    void shouldKeepTheClusterIdAcrossCalls(@TempDir Path dir) throws IOException {
        String first = EmbeddedKafkaBroker.prepareDataDir(dir);
        String second = EmbeddedKafkaBroker.prepareDataDir(dir);

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(dir.resolve(EmbeddedKafkaBroker.CLUSTER_ID_FILE)).trim()).isEqualTo(first);
        assertThat(dir.resolve(EmbeddedKafkaBroker.LOGS_DIR)).isDirectory();
    }

    @Test
    void shouldFailClearlyWhenThePortIsTaken(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            BrokerConfig config = BrokerConfig.builder(dir).port(taken.getLocalPort()).controllerPort(0).build();

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(config))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + " already in use");
        }
    }
}
