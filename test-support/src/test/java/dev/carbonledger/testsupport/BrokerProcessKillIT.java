package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker JVM killed with SIGKILL and restarted on the same data directory still has every acked record. */
class BrokerProcessKillIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(BrokerProcessKillIT.class);
    private static final int RECORDS = 1_000;

    @Test
    void shouldKeepAcknowledgedRecordsWhenKilledAndRestarted(@TempDir Path dataDir) throws Exception {
        BrokerConfig config = BrokerConfig.builder(dataDir).port(0).controllerPort(0).build();
        try (BrokerProcess broker = BrokerProcess.start(config)) {
            // Given
            LOGGER.info("event=measure phase=process_start start_ms={}", broker.lastStartupDuration().toMillis());
            long firstPid = broker.pid();
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("survivors", 4, (short) 1))).all().get();
            }
            BrokerClients.produceAcknowledged(bootstrap, "survivors", RECORDS);

            // When
            broker.kill();
            assertThat(broker.isAlive()).isFalse();
            broker.restart();
            LOGGER.info("event=measure phase=process_restart_after_kill start_ms={}",
                    broker.lastStartupDuration().toMillis());

            // Then
            assertThat(broker.pid()).isNotEqualTo(firstPid);
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            List<String> values = BrokerClients.consumeValues(bootstrap, "survivors", 4, RECORDS,
                    Duration.ofSeconds(30));
            assertThat(values).containsExactlyInAnyOrderElementsOf(BrokerClients.expectedValues(RECORDS));
            assertThat(Files.readString(broker.logFile())).contains("READY bootstrap.servers=" + bootstrap);
        }
    }
}
