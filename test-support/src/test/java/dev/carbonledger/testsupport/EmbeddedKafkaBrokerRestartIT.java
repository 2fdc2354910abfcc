package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process broker keeps its topics and records across a restart on the same data directory. */
class EmbeddedKafkaBrokerRestartIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBrokerRestartIT.class);
    private static final int RECORDS = 500;

    @Test
    void shouldKeepAcknowledgedRecordsWhenRestartedOnTheSameDataDir(@TempDir Path dataDir) throws Exception {
        // Given: a broker on ephemeral ports with acknowledged records
        BrokerConfig config = BrokerConfig.builder(dataDir).port(0).controllerPort(0).build();
        BrokerConfig resolved;
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            LOGGER.info("event=measure phase=first_start start_ms={}", broker.startupDuration().toMillis());
            resolved = broker.config();
            clusterId = broker.clusterId();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
            createTopic(broker.bootstrapServers(), "kept", 3);
            BrokerClients.produceAcknowledged(broker.bootstrapServers(), "kept", RECORDS);
        }

        // When: it starts again on the same directory and ports
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(resolved)) {
            LOGGER.info("event=measure phase=restart start_ms={}", again.startupDuration().toMillis());

            // Then
            assertThat(again.clusterId()).isEqualTo(clusterId);
            List<String> values = BrokerClients.consumeValues(again.bootstrapServers(), "kept", 3, RECORDS,
                    Duration.ofSeconds(30));
            assertThat(values).containsExactlyInAnyOrderElementsOf(BrokerClients.expectedValues(RECORDS));
        }
    }

    private static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }
}
