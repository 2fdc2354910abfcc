package dev.carbonledger.launcher.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topics as a real broker holds them once {@code topics create} ({@link TopicAdmin#ensure}) made the project's
 * and the streams app created its internal ones: every row of docs/operations.md's topic table, read back with
 * {@code describeConfigs}.
 */
@WithKafkaBroker
class TopicConfigsIT {
    private final KafkaTestBroker kafka;

    @TempDir
    Path stateDir;

    TopicConfigsIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldCreateEveryTopicWithItsDocumentedCleanupPolicyAndRetention() throws Exception {
        // Given the project's topics created as `topics create --json-mirrors` does, and the streams app started once
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = new TopicNames("cfg" + suffix);
        String applicationId = "cfg-accounting-" + suffix;
        TopicAdmin.ensure(kafka.admin(), topics.all(2, true), (short) 1, false);
        AccountingOptions options = AccountingOptions.builder().topics(topics).jsonMirrors(true).build();
        Properties client = new Properties();
        client.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (AccountingApp app = new AccountingApp(options, AccountingSerdes.avro(new InMemorySchemaRegistryClient()),
                client, applicationId, stateDir, 1, Duration.ofMillis(500))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(120));
        }

        // When the broker is asked for each documented topic's settings
        Map<String, TopicConfigTable.Row> documented = TopicConfigTable.documented();
        Map<String, TopicConfigTable.Row> byRealName = new LinkedHashMap<>();
        documented.values().forEach(row -> byRealName.put(TopicConfigTable.rename(row.topic(), topics, applicationId), row));
        List<ConfigResource> resources = new ArrayList<>();
        byRealName.keySet().forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
        Map<ConfigResource, Config> configs = kafka.admin().describeConfigs(resources).all().get(60, TimeUnit.SECONDS);

        // Then every one exists and carries what the table says
        assertThat(configs).hasSize(documented.size());
        for (Map.Entry<String, TopicConfigTable.Row> e : byRealName.entrySet()) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, e.getKey()));
            TopicConfigTable.Row row = e.getValue();
            ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            ConfigEntry retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
            assertThat(policy.value()).as("cleanup.policy of %s", e.getKey()).isEqualTo(row.cleanupPolicy());
            if (row.retention().equals("-1")) {
                assertThat(retention.value()).as("retention.ms of %s", e.getKey()).isEqualTo("-1");
                assertThat(retention.source()).as("retention.ms of %s set on the topic", e.getKey())
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            } else {
                assertThat(row.retention()).as(row.topic())
                        .isIn(TopicConfigTable.BROKER_DEFAULT, TopicConfigTable.COMPACTED_ONLY);
                assertThat(retention.source()).as("retention.ms of %s not set on the topic (%s)", e.getKey(),
                        retention.value()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            }
        }
    }
}
