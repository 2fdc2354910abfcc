package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.streams.testing.InMemoryRegistry;
import dev.carbonledger.testsupport.KafkaBrokerExtension;
import dev.carbonledger.testsupport.KafkaTestBroker;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The acceptance test of the JSON mirrors: on a real broker with exactly-once, a plain {@link KafkaConsumer} with
 * {@link StringDeserializer}s and a JSON parser (no Avro, no registry) reads the same keys and numbers as the Avro
 * topics hold, once each.
 */
class JsonMirrorIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private final AccountingSerdes serdes = AccountingSerdes.avro(new InMemoryRegistry());

    @Test
    void shouldMirrorRollupsBudgetStatusAndPolicyForAPlainJsonConsumer() throws Exception {
        KafkaTestBroker broker = KAFKA.broker();
        TopicNames topics = new TopicNames("mirror-it");
        List<NewTopic> newTopics = new ArrayList<>();
        for (TopicSpec spec : topics.all(4, true)) {
            newTopics.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                    .configs(spec.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()));
        }
        broker.admin().createTopics(newTopics).all().get();
        produceInput(broker, topics);
        AccountingOptions options = AccountingOptions.builder().topics(topics).grace(AccountingOptions.NEVER)
                .seriesIdleExpiry(AccountingOptions.NEVER).jsonMirrors(true).build();
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        try (AccountingApp app = new AccountingApp(options, serdes, kafka, "mirror-it",
                Files.createTempDirectory("mirror-it"), 2, Duration.ofMillis(100))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofSeconds(90));

            for (String topic : List.of(topics.teamWindows(), topics.modelWindows(), topics.teamHourly())) {
                Map<String, EmissionsWindow> avro = lastAvro(broker, topic);
                assertThat(avro).isNotEmpty();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    List<ConsumerRecord<String, String>> json = readPlain(broker, topics.jsonMirror(topic));
                    Map<String, JsonNode> last = lastJson(json);
                    assertThat(last.keySet()).isEqualTo(avro.keySet());
                    avro.forEach((key, w) -> {
                        JsonNode row = last.get(key);
                        assertThat(row.get("group").asText()).isEqualTo(w.getGroup().toString());
                        assertThat(row.get("energyJoules").doubleValue()).isEqualTo(w.getEnergyJoules());
                        assertThat(row.get("co2eGrams").doubleValue()).isEqualTo(w.getCo2eGrams());
                        assertThat(Instant.parse(row.get("windowStart").asText())).isEqualTo(w.getWindowStart());
                    });
                    // Nothing lost, nothing counted twice: one JSON record per Avro record.
                    assertThat(json).hasSize(broker.readToEnd(topic, new StringDeserializer(),
                            serdes.windows().deserializer()).size());
                });
            }
            Map<String, BudgetStatus> statuses = new LinkedHashMap<>();
            broker.readToEnd(topics.budgetStatus(), new StringDeserializer(), serdes.budgetStatus().deserializer())
                    .forEach(r -> statuses.put(r.key(), r.value()));
            assertThat(statuses).containsKey("research");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode status = lastJson(readPlain(broker, topics.jsonMirror(topics.budgetStatus()))).get("research");
                assertThat(status.get("period").asText()).isEqualTo("DAY");
                assertThat(status.get("spentGrams").doubleValue())
                        .isEqualTo(statuses.get("research").getSpentGrams());
                assertThat(status.get("periodStart").asText()).isEqualTo("2026-05-01T00:00:00Z");
                JsonNode gate = lastJson(readPlain(broker, topics.jsonMirror(topics.policy()))).get("team:research");
                assertThat(gate.get("kind").asText()).isEqualTo("BUDGET_GATE");
                assertThat(gate.get("decision").asText()).isIn("ALLOW", "DENY");
            });
        }
    }

    private void produceInput(KafkaTestBroker broker, TopicNames topics) {
        try (var p = broker.producer(new StringSerializer(), serdes.budgets().serializer())) {
            p.send(new ProducerRecord<>(topics.budgets(), "research", DomainRecords.budget(
                    BudgetSpec.of("research", BudgetPeriod.DAY, 1000, BudgetTier.HARD), "it", T0)));
        }
        try (var p = broker.producer(new StringSerializer(), serdes.pods().serializer())) {
            p.send(new ProducerRecord<>(topics.pods(), "r1", new PodMetadata("r1", "ml", "r1", null, "research",
                    "llama-70b", null, Map.of())));
            p.send(new ProducerRecord<>(topics.pods(), "s1", new PodMetadata("s1", "web", "s1", null, "search",
                    "distil-7b", null, Map.of())));
        }
        try (KafkaProducer<String, EnergySample> p = broker.producer(new StringSerializer(), serdes.samples().serializer())) {
            for (String pod : List.of("r1", "s1")) {
                for (int i = 0; i <= 5; i++) {
                    Instant ts = T0.plusSeconds(30L * i);
                    p.send(new ProducerRecord<>(topics.samples(), pod,
                            new EnergySample(pod, "package", "n1", ts, 10_000.0 * i * (pod.equals("r1") ? 3 : 1), "it")));
                }
            }
        }
    }

    private Map<String, EmissionsWindow> lastAvro(KafkaTestBroker broker, String topic) {
        Map<String, EmissionsWindow> out = new LinkedHashMap<>();
        broker.readToEnd(topic, new StringDeserializer(), serdes.windows().deserializer())
                .forEach(r -> out.put(r.key(), r.value()));
        return out;
    }

    private static Map<String, JsonNode> lastJson(List<ConsumerRecord<String, String>> records) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                out.put(r.key(), r.value() == null ? null : JSON.readTree(r.value()));
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** What a dashboard tool does: a plain consumer, Strings in, committed records only, from the beginning. */
    private static List<ConsumerRecord<String, String>> readPlain(KafkaTestBroker broker, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
