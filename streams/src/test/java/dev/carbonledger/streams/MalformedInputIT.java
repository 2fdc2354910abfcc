package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.schemas.serde.WireFormat;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.ReferenceAccounting.Intensity;
import dev.carbonledger.streams.ReferenceAccounting.Node;
import dev.carbonledger.streams.ReferenceAccounting.Pod;
import dev.carbonledger.streams.ReferenceAccounting.Sample;
import dev.carbonledger.streams.internal.DeadLetters;
import dev.carbonledger.streams.testing.InMemoryRegistry;
import dev.carbonledger.testsupport.KafkaBrokerExtension;
import dev.carbonledger.testsupport.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input at scale through the running pipeline (real broker, exactly-once, 2 threads): 10,000 malformed
 * samples of every kind — binary junk, a foreign magic byte, an unknown schema id, truncated and corrupted Avro,
 * tombstones, and well-formed records that break the accounting rules (negative, NaN and infinite counters, empty
 * ids, timestamps far in the future) — plus junk on the budget topic, interleaved with good samples. The pipeline
 * keeps running; every malformed record is on the dead-letter topic with its reason and origin, none twice; and the
 * good records around them are counted exactly as the reference accounting counts them.
 */
class MalformedInputIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long BASE = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();
    private static final long WINDOW = 60_000;
    private static final int MALFORMED_SAMPLES = 10_000;
    private static final int MALFORMED_BUDGETS = 300;
    private static final int MALFORMED_REFERENCE = 100;
    private static final int INVALID_REFERENCE = 50;
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final AccountingSerdes serdes = AccountingSerdes.avro(registry);

    @Test
    void shouldDeadLetterEveryMalformedRecordAndCountEveryGoodOne() throws Exception {
        KafkaTestBroker broker = KAFKA.broker();
        TopicNames topics = new TopicNames("hostile");
        broker.createTopics(topics.all(4));
        List<Pod> pods = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            pods.add(new Pod("pod-" + p, "ns", "team-" + (p % 4), "model-" + (p % 3)));
        }
        List<Node> nodes = List.of(new Node("n0", "z0", 1.2), new Node("n1", "z1", null));
        List<Intensity> intensity = List.of(new Intensity("z0", BASE - 3_600_000, 300), new Intensity("z1", BASE + 90_000, 80));
        produceReference(broker, topics, pods, nodes, intensity);

        SplittableRandom random = new SplittableRandom(2026);
        Serializer<EnergySample> ser = serdes.samples().serializer();
        byte[] valid = ser.serialize(topics.samples(), new EnergySample("pod-0", "package", "n0", Instant.ofEpochMilli(BASE), 1.0, "it"));
        List<Sample> good = new ArrayList<>();
        Map<String, Integer> malformedByKind = new TreeMap<>();
        double[] counters = new double[pods.size()];
        try (KafkaProducer<String, byte[]> p = broker.producer(new StringSerializer(), new ByteArraySerializer())) {
            int malformed = 0;
            for (int round = 0; round < 50; round++) {
                for (int pod = 0; pod < pods.size(); pod++) {
                    String id = "pod-" + pod;
                    counters[pod] += 10 + random.nextDouble() * 90;
                    Sample s = new Sample(id, "package", "n" + (pod % 2), BASE + round * 10_000L + pod, counters[pod]);
                    good.add(s);
                    p.send(new ProducerRecord<>(topics.samples(), id, ser.serialize(topics.samples(), sample(s))));
                    for (int k = 0; k < MALFORMED_SAMPLES / 1000 && malformed < MALFORMED_SAMPLES; k++, malformed++) {
                        Malformed m = malformed(random, topics, ser, valid, id);
                        malformedByKind.merge(m.kind(), 1, Integer::sum);
                        p.send(new ProducerRecord<>(topics.samples(), id, m.bytes()));
                    }
                }
            }
            assertThat(malformed).isEqualTo(MALFORMED_SAMPLES);
            byte[] budget = serdes.budgets().serializer().serialize(topics.budgets(), DomainRecords.budget(
                    BudgetSpec.of("team-0", BudgetPeriod.DAY, 1000, BudgetTier.SOFT), "it", null));
            for (int i = 0; i < MALFORMED_BUDGETS; i++) {
                byte[] junk = i % 2 == 0 ? randomBytes(random, 1 + random.nextInt(64))
                        : Arrays.copyOf(budget, WireFormat.HEADER_SIZE + random.nextInt(budget.length - WireFormat.HEADER_SIZE));
                p.send(new ProducerRecord<>(topics.budgets(), "team-" + (i % 4), junk));
            }
            p.send(new ProducerRecord<>(topics.budgets(), "team-0", budget));
            for (String reference : List.of(topics.pods(), topics.nodes(), topics.intensity())) {
                for (int i = 0; i < MALFORMED_REFERENCE; i++) {
                    p.send(new ProducerRecord<>(reference, "junk-" + i, randomBytes(random, 1 + random.nextInt(64))));
                }
            }
        }
        try (KafkaProducer<String, NodeInfo> p = broker.producer(new StringSerializer(), serdes.nodes().serializer());
             KafkaProducer<String, IntensityRecord> q = broker.producer(new StringSerializer(), serdes.intensity().serializer())) {
            for (int i = 0; i < INVALID_REFERENCE; i++) {
                p.send(new ProducerRecord<>(topics.nodes(), "bad-" + i, new NodeInfo("bad-" + i, "z0", -1.0, null, Map.of())));
                q.send(new ProducerRecord<>(topics.intensity(), "z9", new IntensityRecord("z9", Instant.ofEpochMilli(BASE),
                        null, -5.0, IntensitySignal.AVERAGE, "it", false, false)));
            }
        }
        int expectedDead = MALFORMED_SAMPLES + MALFORMED_BUDGETS + 3 * MALFORMED_REFERENCE + 2 * INVALID_REFERENCE;

        AccountingOptions options = AccountingOptions.builder().topics(topics).window(Duration.ofMillis(WINDOW))
                .grace(AccountingOptions.NEVER).seriesIdleExpiry(AccountingOptions.NEVER).build();
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (AccountingApp app = new AccountingApp(options, serdes, kafka, "hostile-it",
                Files.createTempDirectory("hostile-it-state"), 2, Duration.ofMillis(200))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofMinutes(3));
            assertThat(app.metrics().deadLettered() + app.metrics().get(AccountingMetrics.Counter.REFERENCE_REJECTED))
                    .as("dead-lettered and rejected reference records, by the metrics %s", app.metrics().snapshot()).isEqualTo(expectedDead);
            assertThat(app.kafkaStreams().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        }

        List<ConsumerRecord<String, byte[]>> dead = broker.readToEnd(topics.deadLetter(), new StringDeserializer(),
                new ByteArrayDeserializer());
        assertThat(dead).as("dead-letter records (malformed by kind: %s)", malformedByKind).hasSize(expectedDead);
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, DeadLetters.HEADER_MESSAGE)).isNotBlank().isNotEqualTo("null");
            if (!header(r, DeadLetters.HEADER_TOPIC).equals(topics.nodes()) && !header(r, DeadLetters.HEADER_TOPIC).equals(topics.intensity())) {
                // Kafka's own handlers (and the reference path for undecodable records) record the stack trace.
                assertThat(header(r, "__streams.errors.stacktrace")).contains("Exception");
            }
            assertThat(header(r, DeadLetters.HEADER_TOPIC)).isIn(topics.samples(), topics.budgets(), topics.pods(),
                    topics.nodes(), topics.intensity());
        });
        Map<String, Long> origins = dead.stream().collect(Collectors.groupingBy(
                r -> header(r, DeadLetters.HEADER_TOPIC) + "/" + header(r, DeadLetters.HEADER_PARTITION) + "/"
                        + header(r, DeadLetters.HEADER_OFFSET), Collectors.counting()));
        assertThat(origins).as("each malformed record dead-lettered once").hasSize(expectedDead);
        Map<String, Long> bySource = dead.stream().collect(Collectors.groupingBy(r -> header(r, DeadLetters.HEADER_TOPIC),
                Collectors.counting()));
        assertThat(bySource).isEqualTo(Map.of(topics.samples(), (long) MALFORMED_SAMPLES, topics.budgets(),
                (long) MALFORMED_BUDGETS, topics.pods(), (long) MALFORMED_REFERENCE, topics.nodes(),
                (long) (MALFORMED_REFERENCE + INVALID_REFERENCE), topics.intensity(),
                (long) (MALFORMED_REFERENCE + INVALID_REFERENCE)));

        // A restart rebuilds the global stores from their topics: the bad reference records come by again and are
        // not dead-lettered twice.
        try (AccountingApp app = new AccountingApp(options, serdes, kafka, "hostile-it",
                Files.createTempDirectory("hostile-it-state"), 2, Duration.ofMillis(200))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofMinutes(1));
        }
        assertThat(broker.readToEnd(topics.deadLetter(), new StringDeserializer(), new ByteArrayDeserializer()))
                .as("dead-letter records after a restart").hasSize(dead.size());

        ReferenceAccounting ref = new ReferenceAccounting(pods, nodes, intensity, good, WINDOW, 475, 1.0);
        Map<String, EmissionsWindow> teams = lastValues(broker, topics.teamWindows());
        assertThat(teams.keySet()).containsExactlyInAnyOrderElementsOf(ref.teamWindows.keySet());
        ref.teamWindows.forEach((key, sum) -> {
            assertThat(teams.get(key).getEnergyJoules()).as(key).isCloseTo(sum.joules(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(teams.get(key).getCo2eGrams()).as(key).isCloseTo(sum.grams(), org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    private record Malformed(String kind, byte[] bytes) {}

    /** One malformed sample of a random kind, for pod {@code id}. */
    private Malformed malformed(SplittableRandom random, TopicNames topics, Serializer<EnergySample> ser, byte[] valid,
                                String id) {
        Function<EnergySample, byte[]> avro = s -> ser.serialize(topics.samples(), s);
        Instant now = Instant.ofEpochMilli(BASE);
        switch (random.nextInt(11)) {
            case 0:
                return new Malformed("junk", randomBytes(random, random.nextInt(200)));
            case 1: {
                byte[] b = valid.clone();
                b[0] = 1;
                return new Malformed("magic-byte", b);
            }
            case 2: {
                byte[] b = valid.clone();
                WireFormat.writeHeader(b, 0, 900_000 + random.nextInt(1000));
                return new Malformed("unknown-schema-id", b);
            }
            case 3:
                return new Malformed("truncated", Arrays.copyOf(valid, WireFormat.HEADER_SIZE + random.nextInt(valid.length - WireFormat.HEADER_SIZE)));
            case 4: {
                byte[] b = valid.clone();
                b[WireFormat.HEADER_SIZE] = (byte) 0xfe;   // the pod id's length, now about -1 or far too long
                b[WireFormat.HEADER_SIZE + 1] = (byte) 0xff;
                return new Malformed("corrupt-length", b);
            }
            case 5:
                return new Malformed("tombstone", null);
            case 6:
                return new Malformed("negative-counter", avro.apply(new EnergySample(id, "package", "n0", now, -5.0, "it")));
            case 7:
                return new Malformed("nan-counter", avro.apply(new EnergySample(id, "package", "n0", now,
                        random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY, "it")));
            case 8:
                return new Malformed("empty-pod", avro.apply(new EnergySample("", "package", "n0", now, 1.0, "it")));
            case 9:
                return new Malformed("empty-component", avro.apply(new EnergySample(id, "", "n0", now, 1.0, "it")));
            default:
                return new Malformed("far-future", avro.apply(new EnergySample(id, "package", "n0",
                        Instant.parse("2999-01-01T00:00:00Z"), 1.0, "it")));
        }
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
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
        try (KafkaProducer<String, IntensityRecord> p = broker.producer(new StringSerializer(), serdes.intensity().serializer())) {
            intensity.forEach(x -> p.send(new ProducerRecord<>(topics.intensity(), x.zone(), new IntensityRecord(x.zone(),
                    Instant.ofEpochMilli(x.from()), null, x.value(), IntensitySignal.AVERAGE, "it", false, false))));
        }
    }

    private static EnergySample sample(Sample x) {
        return new EnergySample(x.pod(), x.component(), x.node(), Instant.ofEpochMilli(x.ts()), x.joules(), "it");
    }

    private Map<String, EmissionsWindow> lastValues(KafkaTestBroker broker, String topic) {
        Map<String, EmissionsWindow> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : broker.readToEnd(topic, new StringDeserializer(), new ByteArrayDeserializer())) {
            out.put(r.key(), serdes.windows().deserializer().deserialize(topic, r.value()));
        }
        return out;
    }
}
