package dev.carbonledger.collectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.publisher.CollectorPublisher;
import dev.carbonledger.schemas.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorFactoryTest {
    private static final TopicNames TOPICS = new TopicNames("site1");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:57:00Z"));
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void shouldWireKeplerKubernetesAndProvidersFromTheEnvironment() throws Exception {
        // Given an API server, a Kepler exporter and the UK provider on one local server, and an intensity file
        Path file = Files.writeString(dir.resolve("intensity.jsonl"),
                "{\"zone\":\"GB\",\"from\":\"2026-03-02T09:00:00Z\",\"gCo2ePerKwh\":190}\n");
        try (TestHttpServer server = new TestHttpServer()) {
            server.respondWithResource("/api/v1/pods", "application/json", "/k8s/pods-worker-1.json");
            server.respondWithResource("/metrics", "text/plain", "/kepler/kepler-0.7-metrics.txt");
            server.respondWithResource("/intensity", "application/json", "/intensity/ukci-intensity.json");
            CollectorConfig config = CollectorConfig.fromEnv(Map.ofEntries(
                    Map.entry("CARBON_LEDGER_COLLECTOR_TOPIC_PREFIX", "site1"),
                    Map.entry("CARBON_LEDGER_COLLECTOR_NODE_NAME", "worker-1"),
                    Map.entry("CARBON_LEDGER_COLLECTOR_NODE_ZONE", "GB"),
                    Map.entry("CARBON_LEDGER_COLLECTOR_NODE_PUE", "1.3"),
                    Map.entry("CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "kepler"),
                    Map.entry("CARBON_LEDGER_COLLECTOR_KEPLER_URL", server.uri("/metrics").toString()),
                    Map.entry("CARBON_LEDGER_COLLECTOR_K8S_API_URL", server.baseUri().toString()),
                    Map.entry("CARBON_LEDGER_COLLECTOR_K8S_TOKEN_FILE", ""),
                    Map.entry("CARBON_LEDGER_COLLECTOR_K8S_CA_FILE", dir.resolve("absent.crt").toString()),
                    Map.entry("CARBON_LEDGER_COLLECTOR_INTENSITY_PROVIDERS", "ukci,file"),
                    Map.entry("CARBON_LEDGER_COLLECTOR_INTENSITY_FORECASTS", "false"),
                    Map.entry("CARBON_LEDGER_COLLECTOR_UKCI_URL", server.baseUri().toString()),
                    Map.entry("CARBON_LEDGER_COLLECTOR_INTENSITY_FILE", file.toString())));
            CollectorPublisher publisher = new CollectorPublisher(producer, TOPICS, AvroBinarySerializers.create(), clock);

            // When
            try (Collector collector = CollectorFactory.create(config, publisher, clock)) {
                collector.pollAllOnce();
                assertThat(collector.sourceFailures()).isEmpty();
            }

            // Then the node record, the pods, Kepler samples keyed by the uid the API server gave, and intensity
            List<ProducerRecord<String, byte[]>> sent = producer.history();
            assertThat(sent).filteredOn(r -> r.topic().equals(TOPICS.nodes())).extracting(ProducerRecord::key)
                    .containsExactly("worker-1");
            assertThat(sent).filteredOn(r -> r.topic().equals(TOPICS.pods())).hasSize(3);
            assertThat(sent).filteredOn(r -> r.topic().equals(TOPICS.samples())).extracting(ProducerRecord::key)
                    .containsOnly("5b0e1c7a-2f7d-4a51-9a43-0d1f3e6b8c21", "e3c4a9d2-8b1f-4c6e-a7d5-f2b9c0e1d3a4",
                            "system_processes@worker-1");
            assertThat(sent).filteredOn(r -> r.topic().equals(TOPICS.intensity())).extracting(ProducerRecord::key)
                    .containsExactly("GB", "GB");
        }
    }

    @Test
    void shouldWireTheDemoFleetForEveryKindOfRecord() {
        CollectorPublisher publisher = new CollectorPublisher(producer, TOPICS, AvroBinarySerializers.create(), clock);
        try (Collector collector = CollectorFactory.create(CollectorConfig.demo("localhost:9092"), publisher, clock)) {
            collector.pollAllOnce();
        }
        assertThat(producer.history()).extracting(ProducerRecord::topic).contains(TOPICS.nodes(), TOPICS.pods(),
                TOPICS.samples(), TOPICS.intensity(), TOPICS.intensityForecasts());
    }
}
