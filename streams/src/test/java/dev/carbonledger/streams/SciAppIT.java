package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.streams.internal.DeadLetters;
import dev.carbonledger.streams.testing.InMemoryRegistry;
import dev.carbonledger.testsupport.KafkaBrokerExtension;
import dev.carbonledger.testsupport.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SCI on a real broker: 4 partitions, 2 stream threads, exactly-once, both SCI repartition topics. Twelve models on
 * three nodes with embodied data, two counter series per model (one with a reset): every model's SCI equals the value
 * worked out here, E·I equals the model rollup, and an invalid functional-unit record reaches the dead-letter topic.
 */
class SciAppIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final int MODELS = 12;
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final AccountingSerdes serdes = AccountingSerdes.avro(registry);

    @Test
    void shouldPublishSciPerModelOnRealBroker() throws Exception {
        KafkaTestBroker broker = KAFKA.broker();
        TopicNames topics = new TopicNames("sci-it");
        List<NewTopic> newTopics = new ArrayList<>();
        for (TopicSpec spec : topics.all(4)) {
            newTopics.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                    .configs(spec.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()));
        }
        broker.admin().createTopics(newTopics).all().get();

        // Nodes n0..n2, 72 g/h embodied (1.2 g per 60 s window), 300 g/kWh, PUE 1.0. Model i runs pod i on node i % 3
        // and uses (i + 1) × 36 kJ (0.01 kWh × (i + 1)) in the window; it serves 10 × (i + 1) requests on replica a and
        // 5 requests on replica b (counter 100 → 3 at a restart, then 3 → 5).
        try (KafkaProducer<String, NodeInfo> p = broker.producer(new StringSerializer(), serdes.nodes().serializer())) {
            for (int n = 0; n < 3; n++) {
                p.send(new ProducerRecord<>(topics.nodes(), "n" + n, new NodeInfo("n" + n, "z", 1.0, 72.0, Map.of())));
            }
        }
        try (KafkaProducer<String, IntensityRecord> p = broker.producer(new StringSerializer(), serdes.intensity().serializer())) {
            p.send(new ProducerRecord<>(topics.intensity(), "z", new IntensityRecord("z", T0.minusSeconds(3600), null, 300.0,
                    IntensitySignal.AVERAGE, "it", false, false)));
        }
        try (KafkaProducer<String, PodMetadata> p = broker.producer(new StringSerializer(), serdes.pods().serializer())) {
            for (int i = 0; i < MODELS; i++) {
                p.send(new ProducerRecord<>(topics.pods(), "pod" + i, new PodMetadata("pod" + i, "ns", "pod" + i, null,
                        "team", "model" + i, null, Map.of())));
            }
        }
        try (KafkaProducer<String, EnergySample> p = broker.producer(new StringSerializer(), serdes.samples().serializer())) {
            for (int i = 0; i < MODELS; i++) {
                String node = "n" + (i % 3);
                p.send(new ProducerRecord<>(topics.samples(), "pod" + i, new EnergySample("pod" + i, "package", node, T0, 0.0, "it")));
                p.send(new ProducerRecord<>(topics.samples(), "pod" + i, new EnergySample("pod" + i, "package", node,
                        T0.plusSeconds(60), 36_000.0 * (i + 1), "it")));
            }
        }
        try (KafkaProducer<String, FunctionalUnitSample> p = broker.producer(new StringSerializer(),
                serdes.functionalUnits().serializer())) {
            for (int i = 0; i < MODELS; i++) {
                String model = "model" + i;
                p.send(new ProducerRecord<>(topics.functionalUnits(), model, units(model, "a", 0, 0)));
                p.send(new ProducerRecord<>(topics.functionalUnits(), model, units(model, "a", 60, 10.0 * (i + 1))));
                p.send(new ProducerRecord<>(topics.functionalUnits(), model, units(model, "b", 0, 100)));
                p.send(new ProducerRecord<>(topics.functionalUnits(), model, units(model, "b", 20, 3)));
                p.send(new ProducerRecord<>(topics.functionalUnits(), model, units(model, "b", 60, 5)));
            }
            p.send(new ProducerRecord<>(topics.functionalUnits(), "model0", units("model0", "b", 61, -4)));
        }

        AccountingOptions options = AccountingOptions.builder().topics(topics).grace(AccountingOptions.NEVER)
                .seriesIdleExpiry(AccountingOptions.NEVER).build();
        Path state = Files.createTempDirectory("sci-it-state");
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (AccountingApp app = new AccountingApp(options, serdes, kafka, "sci-it", state, 2, Duration.ofMillis(100))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofSeconds(90));
        }

        Map<String, SciWindow> sci = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : broker.readToEnd(topics.sci(), new StringDeserializer(), new ByteArrayDeserializer())) {
            sci.put(r.key(), serdes.sci().deserializer().deserialize(topics.sci(), r.value()));
        }
        // The rollups are read until all twelve are visible: twice in ten runs on this machine a read right after
        // awaitDrained saw only some of them (read_committed), though every partial had been summed. That is the
        // drain check of the existing app, not SCI; reported, and not hidden for the SCI values read above.
        Map<String, EmissionsWindow> rollups = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rollups.size() < MODELS && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : broker.readToEnd(topics.modelWindows(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                rollups.put(r.key(), serdes.windows().deserializer().deserialize(topics.modelWindows(), r.value()));
            }
        }
        assertThat(sci).hasSize(MODELS);
        assertThat(rollups).as("model rollups").hasSize(MODELS);
        for (int i = 0; i < MODELS; i++) {
            String model = "model" + i;
            SciWindow w = sci.get(model + "/request@" + T0.toEpochMilli());
            double operational = 0.01 * (i + 1) * 300;
            // Node i % 3 hosts models j ≡ i (mod 3); its 1.2 g are shared by their joules (j + 1).
            double nodeJoules = 0;
            for (int j = i % 3; j < MODELS; j += 3) {
                nodeJoules += j + 1;
            }
            double embodied = 1.2 * (i + 1) / nodeJoules;
            double units = 10.0 * (i + 1) + 5;
            assertThat(w.getOperationalGrams()).as(model + " E·I").isCloseTo(operational, within(1e-9));
            assertThat(w.getOperationalGrams()).as(model + " E·I = rollup")
                    .isCloseTo(rollups.get(model + "@" + T0.toEpochMilli()).getCo2eGrams(), within(1e-9));
            assertThat(w.getEmbodiedGrams()).as(model + " M").isCloseTo(embodied, within(1e-9));
            assertThat(w.getFunctionalUnits()).as(model + " R").isCloseTo(units, within(1e-9));
            assertThat(w.getSciGramsPerUnit()).as(model + " SCI").isCloseTo((operational + embodied) / units, within(1e-9));
        }

        List<ConsumerRecord<String, byte[]>> dead = broker.readToEnd(topics.deadLetter(), new StringDeserializer(),
                new ByteArrayDeserializer());
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("negative functional-unit count: -4.0");
            assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(topics.functionalUnits());
        });
    }

    private static FunctionalUnitSample units(String model, String series, long seconds, double count) {
        return new FunctionalUnitSample(model, "request", model + "/" + series, T0.plusSeconds(seconds), count, "it");
    }
}
