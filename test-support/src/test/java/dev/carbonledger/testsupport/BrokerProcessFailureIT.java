package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerProcess;
import dev.carbonledger.broker.BrokerStartException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broker JVM that cannot start is reported with its own error, not as a timeout. */
class BrokerProcessFailureIT {

    @Test
    void shouldReportTheChildErrorWhenThePortIsTaken(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            BrokerConfig config = BrokerConfig.builder(dataDir).port(taken.getLocalPort()).controllerPort(0).build();

            assertThatThrownBy(() -> BrokerProcess.start(config))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("Broker JVM exited with code 1 before it was ready")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + " already in use");
        }
    }
}
