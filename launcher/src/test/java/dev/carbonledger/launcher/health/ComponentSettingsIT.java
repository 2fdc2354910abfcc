package dev.carbonledger.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged CLI in its own JVM: the collector's own CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS, _TOPIC_PREFIX and
 * _SCHEMA_REGISTRY_URL take effect (no flag given), its health endpoint turns ready after the first acknowledged
 * poll; the sinks serve /livez, /readyz and process metrics on the exporter's port and log JSON lines at the level
 * asked for.
 */
@WithKafkaBroker
class ComponentSettingsIT {
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedSchemaRegistry registry;
    private final KafkaTestBroker kafka;

    ComponentSettingsIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()).start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldPublishWhereTheCollectorsOwnVariablesSay() throws Exception {
        TopicNames topics = new TopicNames("coll" + UUID.randomUUID().toString().substring(0, 8));
        kafka.createTopics(topics.all(1));
        int port = ChildProcess.freePort();
        try (ChildProcess child = ChildProcess.launch(Map.of(
                "CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "CARBON_LEDGER_COLLECTOR_TOPIC_PREFIX", topics.prefix(),
                "CARBON_LEDGER_COLLECTOR_SCHEMA_REGISTRY_URL", registry.url(),
                "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "demo",
                "CARBON_LEDGER_COLLECTOR_POD_SOURCE", "none",
                "CARBON_LEDGER_COLLECTOR_ENERGY_INTERVAL", "1s",
                "CARBON_LEDGER_HEALTH_HOST", "127.0.0.1",
                "CARBON_LEDGER_HEALTH_PORT", Integer.toString(port)), "collector")) {
            String base = "http://127.0.0.1:" + port;
            await("collector /readyz 200").atMost(READY_LIMIT).pollInterval(Duration.ofMillis(250))
                    .failFast("collector exited: " + child.output, () -> !child.process.isAlive())
                    .until(() -> ChildProcess.status(base + "/readyz") == 200);

            // The samples are on the test broker, under the prefix, and their schema is in the test registry.
            assertThat(kafka.consumeUntil(topics.samples(), new StringDeserializer(), new ByteArrayDeserializer(), 1,
                    Duration.ofSeconds(30))).isNotEmpty();
            try (RestSchemaRegistryClient client = RestSchemaRegistryClient.of(registry.url())) {
                assertThat(client.subjects()).contains(topics.samples() + "-value");
            }
            String metrics = ChildProcess.body(base + "/metrics");
            assertThat(metrics).contains("carbon_ledger_build_info{component=\"collector\"")
                    .contains("carbon_ledger_kafka_producer_record_send_rate{client_id=")
                    .containsPattern("carbon_ledger_collector_samples_published_total [1-9]");
            assertThat(ChildProcess.status(base + "/livez")).isEqualTo(200);
        }
    }

    @Test
    void shouldServeProbesOnTheExporterPortAndLogJsonLinesAtTheChosenLevel() throws Exception {
        TopicNames topics = new TopicNames("sink" + UUID.randomUUID().toString().substring(0, 8));
        kafka.createTopics(topics.all(1));
        try (ChildProcess child = ChildProcess.launch(Map.of(
                "CARBON_LEDGER_LOG_FORMAT", "json",
                "CARBON_LEDGER_LOG_LEVEL", "debug"), "sinks",
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--topic-prefix", topics.prefix(), "--metrics-host", "127.0.0.1", "--metrics-port", "0",
                "--policy-port", "-1")) {
            // The exporter's URL, from its JSON start-up line (port 0: the process chose it).
            Pattern started = Pattern.compile("event=exporter_started url=(http://127\\.0\\.0\\.1:\\d+)/metrics");
            await("exporter started").atMost(READY_LIMIT).failFast("sinks exited: " + child.output, () -> !child.process.isAlive())
                    .until(() -> child.output.stream().anyMatch(l -> started.matcher(l).find()));
            Matcher m = child.output.stream().map(started::matcher).filter(Matcher::find).findFirst().orElseThrow();
            String base = m.group(1);
            await("sinks /readyz 200").atMost(READY_LIMIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> ChildProcess.status(base + "/readyz") == 200);
            assertThat(ChildProcess.status(base + "/livez")).isEqualTo(200);
            assertThat(ChildProcess.body(base + "/metrics")).contains("carbon_ledger_build_info{component=\"sinks\"")
                    .contains("jvm_memory_used_bytes");

            assertThat(child.process.toHandle().destroy()).isTrue();
            assertThat(child.process.waitFor(40, TimeUnit.SECONDS)).isTrue();
            List<String> lines = List.copyOf(child.output);
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.isObject()).as(line).isTrue();
                assertThat(Instant.parse(event.get("ts").asText())).as(line).isNotNull();
                assertThat(event.get("level").asText()).as(line).isIn("DEBUG", "INFO", "WARN", "ERROR");
                assertThat(event.get("logger").asText()).as(line).isNotBlank();
                assertThat(event.has("thread")).as(line).isTrue();
                assertThat(event.has("message")).as(line).isTrue();
            }
            assertThat(lines).as("DEBUG lines of the project's loggers").anyMatch(l -> l.contains("\"level\":\"DEBUG\""));
        }
    }
}
