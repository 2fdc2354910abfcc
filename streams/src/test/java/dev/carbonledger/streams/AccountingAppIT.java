package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.streams.ReferenceAccounting.Intensity;
import dev.carbonledger.streams.ReferenceAccounting.Node;
import dev.carbonledger.streams.ReferenceAccounting.Pod;
import dev.carbonledger.streams.ReferenceAccounting.Sample;
import dev.carbonledger.streams.testing.InMemoryRegistry;
import dev.carbonledger.testsupport.KafkaBrokerExtension;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.OutageRegistry;
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
import java.util.Random;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The accounting app on a real broker: 4 partitions, 2 stream threads, exactly-once. Results equal the reference
 * implementation, bad records reach the dead-letter topic, and after a restart the series state (changelog) and
 * the global intensity store (re-processed on restore) are back.
 */
class AccountingAppIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long BASE = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final AccountingSerdes serdes = AccountingSerdes.avro(registry);

    @Test
    void shouldMatchReferenceOnRealBrokerAndSurviveRestart() throws Exception {
        KafkaTestBroker broker = KAFKA.broker();
        TopicNames topics = new TopicNames("it");
        createTopics(broker, topics);
        AccountingPropertiesTest.Scenario s = AccountingPropertiesTest.scenario(new Random(7));
        List<Pod> pods = new ArrayList<>(s.pods());
        List<Node> nodes = new ArrayList<>(s.nodes());
        List<Intensity> intensity = new ArrayList<>(s.intensity());
        List<Sample> samples = new ArrayList<>(s.samples());
        for (int k = 0; k < 40; k++) {   // more series, so every partition and both threads get work
            Random r = new Random(100 + k);
            AccountingPropertiesTest.Scenario extra = AccountingPropertiesTest.scenario(r);
            extra.samples().forEach(x -> samples.add(new Sample(x.pod() + "-" + (r.nextInt(3)), x.component(), x.node(), x.ts(), x.joules())));
        }
        nodes.add(new Node("n9", "z9", 1.1));
        intensity.add(new Intensity("z9", BASE - 1_000_000, 123));
        samples.add(new Sample("restart-pod", "package", "n9", BASE, 0));

        produceReference(broker, topics, pods, nodes, intensity);
        try (KafkaProducer<String, EnergySample> p = broker.producer(new StringSerializer(), serdes.samples().serializer())) {
            for (Sample x : samples) {
                p.send(new ProducerRecord<>(topics.samples(), x.pod(), sample(x)));
            }
            p.send(new ProducerRecord<>(topics.samples(), "p0", sample(new Sample("p0", "package", "n1", BASE, -1))));
        }
        try (KafkaProducer<String, byte[]> p = broker.producer(new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topics.samples(), "p0", "garbage".getBytes(StandardCharsets.UTF_8)));
        }

        AccountingOptions options = AccountingOptions.builder().topics(topics).window(Duration.ofMillis(s.windowMillis()))
                .grace(AccountingOptions.NEVER).seriesIdleExpiry(AccountingOptions.NEVER).build();
        Path state = Files.createTempDirectory("accounting-it-state");
        try (AccountingApp app = app(options, broker, state)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofSeconds(90));
            assertThat(app.metrics().deadLettered()).isEqualTo(2);
        }

        ReferenceAccounting ref = new ReferenceAccounting(pods, nodes, intensity, samples, s.windowMillis(), 475, 1.0);
        assertMatches(lastValues(broker, topics.teamWindows()), ref.teamWindows);
        Map<String, EmissionsWindow> modelActual = lastValues(broker, topics.modelWindows());
        assertMatches(modelActual, ref.modelWindows);

        List<ConsumerRecord<String, byte[]>> dead = readAll(broker, topics.deadLetter(), new ByteArrayDeserializer());
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("__streams.errors.topic").value(),
                StandardCharsets.UTF_8)).isEqualTo(topics.samples()));

        // Restart with the same application id and state directory; the next sample of restart-pod must be an
        // interval (series state restored) priced with z9's intensity (global store rebuilt through its processor).
        try (KafkaProducer<String, EnergySample> p = broker.producer(new StringSerializer(), serdes.samples().serializer())) {
            p.send(new ProducerRecord<>(topics.samples(), "restart-pod", sample(new Sample("restart-pod", "package", "n9", BASE + 10_000, 3.6e6))));
        }
        try (AccountingApp app = app(options, broker, state)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofSeconds(90));
        }
        List<ConsumerRecord<String, byte[]>> ledger = readAll(broker, topics.ledger(), new ByteArrayDeserializer());
        LedgerEntry restarted = ledger.stream().filter(r -> "restart-pod".equals(r.key()))
                .map(r -> serdes.ledger().deserializer().deserialize(topics.ledger(), r.value())).reduce((a, b) -> b).orElseThrow();
        assertThat(restarted.getEnergyJoules()).isEqualTo(3.6e6);
        assertThat(restarted.getPieces()).extracting(pc -> pc.getGCo2ePerKwh()).containsOnly(123.0);
        assertThat(restarted.getCo2eGrams()).isEqualTo(1.1 * 123.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldWaitOutARegistryOutageWithoutDeadLetteringAnything() throws Exception {
        // Given a running app whose registry goes away once its reference data is in
        KafkaTestBroker broker = KAFKA.broker();
        TopicNames topics = new TopicNames("outage");
        createTopics(broker, topics);
        AccountingPropertiesTest.Scenario s = AccountingPropertiesTest.scenario(new Random(11));
        produceReference(broker, topics, s.pods(), s.nodes(), s.intensity());
        OutageRegistry outage = new OutageRegistry(registry);
        outage.up();
        AccountingOptions options = AccountingOptions.builder().topics(topics).window(Duration.ofMillis(s.windowMillis()))
                .grace(AccountingOptions.NEVER).seriesIdleExpiry(AccountingOptions.NEVER).build();
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        // The broker's minimum: a replaced thread's old member times out in 6 s, not 45.
        kafka.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
        kafka.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), "2000");
        try (AccountingApp app = new AccountingApp(options, AccountingSerdes.avro(outage), kafka, "outage-it",
                Files.createTempDirectory("accounting-outage-state"), 2, Duration.ofMillis(100))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            outage.down();

            // When samples arrive whose schema the app has not fetched yet
            try (KafkaProducer<String, EnergySample> p = broker.producer(new StringSerializer(), serdes.samples().serializer())) {
                for (Sample x : s.samples()) {
                    p.send(new ProducerRecord<>(topics.samples(), x.pod(), sample(x)));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (outage.refused() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            // Then nothing is dead-lettered while it waits (a stream thread that needed the registry was replaced), and
            // everything is accounted for once the registry answers. A replaced thread's partitions move after the old
            // member's session times out (Kafka Streams does not leave the group on close).
            assertThat(outage.refused()).isGreaterThanOrEqualTo(2);
            assertThat(app.metrics().deadLettered()).isZero();
            outage.up();
            app.awaitDrained(Duration.ofSeconds(180));
            assertThat(app.metrics().deadLettered()).isZero();
        }
        ReferenceAccounting ref = new ReferenceAccounting(s.pods(), s.nodes(), s.intensity(), s.samples(),
                s.windowMillis(), 475, 1.0);
        assertMatches(lastValues(broker, topics.teamWindows()), ref.teamWindows);
        assertThat(readAll(broker, topics.deadLetter(), new ByteArrayDeserializer())).isEmpty();
    }

    private static void createTopics(KafkaTestBroker broker, TopicNames topics) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        for (TopicSpec spec : topics.all(4)) {
            newTopics.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                    .configs(spec.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()));
        }
        broker.admin().createTopics(newTopics).all().get();
    }

    private AccountingApp app(AccountingOptions options, KafkaTestBroker broker, Path state) {
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new AccountingApp(options, serdes, kafka, "accounting-it", state, 2, Duration.ofMillis(100));
    }

    private void produceReference(KafkaTestBroker broker, TopicNames topics, List<Pod> pods, List<Node> nodes,
                                  List<Intensity> intensity) {
        try (KafkaProducer<String, PodMetadata> p = broker.producer(new StringSerializer(), serdes.pods().serializer())) {
            pods.forEach(x -> p.send(new ProducerRecord<>(topics.pods(), x.pod(),
                    new PodMetadata(x.pod(), x.namespace(), x.pod(), null, x.team(), x.model(), null, Map.of()))));
        }
        try (KafkaProducer<String, NodeInfo> p = broker.producer(new StringSerializer(), serdes.nodes().serializer())) {
            nodes.forEach(x -> p.send(new ProducerRecord<>(topics.nodes(), x.node(), new NodeInfo(x.node(), x.zone(), x.pue(), null, Map.of()))));
        }
        Serializer<IntensityRecord> ser = serdes.intensity().serializer();
        try (KafkaProducer<String, IntensityRecord> p = broker.producer(new StringSerializer(), ser)) {
            intensity.forEach(x -> p.send(new ProducerRecord<>(topics.intensity(), x.zone(), new IntensityRecord(x.zone(),
                    Instant.ofEpochMilli(x.from()), null, x.value(), IntensitySignal.AVERAGE, "it", false, false))));
        }
    }

    private static EnergySample sample(Sample x) {
        return new EnergySample(x.pod(), x.component(), x.node(), Instant.ofEpochMilli(x.ts()), x.joules(), "it");
    }

    private Map<String, EmissionsWindow> lastValues(KafkaTestBroker broker, String topic) {
        Map<String, EmissionsWindow> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(broker, topic, new ByteArrayDeserializer())) {
            out.put(r.key(), serdes.windows().deserializer().deserialize(topic, r.value()));
        }
        return out;
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(KafkaTestBroker broker, String topic,
                                                              org.apache.kafka.common.serialization.Deserializer<V> values) {
        return broker.readToEnd(topic, new StringDeserializer(), values);
    }

    private static void assertMatches(Map<String, EmissionsWindow> actual, Map<String, ReferenceAccounting.Sum> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, sum) -> {
            assertThat(actual.get(key).getEnergyJoules()).as(key).isCloseTo(sum.joules(), org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, sum.joules())));
            assertThat(actual.get(key).getCo2eGrams()).as(key).isCloseTo(sum.grams(), org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, sum.grams())));
        });
    }
}
