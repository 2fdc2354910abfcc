package dev.carbonledger.collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.EmbeddedKafkaBroker;
import dev.carbonledger.collectors.publisher.CollectorPublisher;
import dev.carbonledger.collectors.sample.CounterStateFile;
import dev.carbonledger.collectors.sample.SeriesKey;
import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.kepler.KeplerScraper;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on a real in-process broker that is stopped and started again (same data directory and ports),
 * and across its own restart: the energy the pipeline would attribute (DESIGN section 4, rules 1-3) to what
 * reached the topic equals the energy of every reading the sources produced.
 */
class CollectorResilienceIT {
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(5);
    private static final String TEXT = "text/plain; version=0.0.4";

    @TempDir
    Path dir;

    private EmbeddedKafkaBroker broker;
    private final TopicNames topics = TopicNames.defaults();

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDeliverEveryJouleAfterTheBrokerWasDownMergingReadingsWhenTheBufferFilled() throws Exception {
        // Given a broker, and a collector whose buffer holds fewer readings than the outage produces
        startBroker();
        MutableClock clock = new MutableClock(START);
        DemoFleet fleet = new DemoFleet(7, clock, STEP);
        Recorder recorder = new Recorder(fleet);
        CollectorPublisher publisher = CollectorPublisher.create(producerProperties(), topics,
                AvroBinarySerializers.create(), clock, 60);
        try (Collector collector = Collector.builder(publisher).energySource(recorder).podSource(fleet).build()) {
            for (int i = 0; i < 4; i++) {
                step(collector, clock);
            }
            collector.flush();
            long deliveredBefore = publisher.stats().samples();
            assertThat(deliveredBefore).isPositive();

            // When the broker goes away while the collector keeps polling
            BrokerConfig config = broker.config();
            broker.close();
            await("buffered mode").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        step(collector, clock);
                        return publisher.buffering();
                    });
            for (int i = 0; i < 30; i++) {
                step(collector, clock);
            }
            assertThat(publisher.mergedSamples()).as("readings merged in the full buffer").isPositive();
            assertThat(publisher.bufferedSamples()).isLessThanOrEqualTo(120);

            // And comes back on the same ports and data
            broker = EmbeddedKafkaBroker.start(config);
            await("buffer sent").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        step(collector, clock);
                        return !publisher.buffering() && publisher.bufferedSamples() == 0;
                    });
            collector.flush();
        }

        // Then the topic carries exactly the energy of every reading taken, though fewer readings
        List<EnergySample> delivered = readSamples();
        assertSameEnergy(delivered, recorder.readings);
        assertThat(delivered.size()).isLessThan(recorder.readings.size());
    }

    @Test
    void shouldContinueThePodCountersAcrossACollectorRestartWithTheStateFile() throws Exception {
        // Given Kepler 0.7 container counters of one pod, and a collector keeping its state in a file
        startBroker();
        MutableClock clock = new MutableClock(START);
        Path stateFile = dir.resolve("state/collector-state.json");
        List<EnergySample> truth = new ArrayList<>();
        try (TestHttpServer kepler = new TestHttpServer()) {
            kepler.respond("/metrics", 200, TEXT, exposition(Map.of("a1", 100.0, "b1", 40.0)));
            try (Collector first = collector(kepler, clock, stateFile)) {
                first.pollEnergyOnce();
                // container a restarts: a2 counts from zero, b1 keeps rising
                kepler.respond("/metrics", 200, TEXT, exposition(Map.of("a2", 5.0, "b1", 50.0)));
                clock.advance(STEP);
                first.pollEnergyOnce();
                first.flush();
            }
            // When the collector restarts and reads a2 = 8, b1 = 60
            kepler.respond("/metrics", 200, TEXT, exposition(Map.of("a2", 8.0, "b1", 60.0)));
            clock.advance(STEP);
            try (Collector second = collector(kepler, clock, stateFile)) {
                second.pollEnergyOnce();
                second.flush();
            }
        }

        // Then the published counter continues (140, 155, 168): no false reset, nothing counted twice
        List<EnergySample> delivered = readSamples();
        assertThat(delivered).extracting(EnergySample::getEnergyJoules).containsExactly(140.0, 155.0, 168.0);
        // the energy after the baseline: +5 (a2) +10 (b1), then +3 +10
        assertThat(LedgerEnergy.total(delivered)).isEqualTo(28.0);
    }

    private Collector collector(TestHttpServer kepler, MutableClock clock, Path stateFile) {
        CollectorPublisher publisher = CollectorPublisher.create(producerProperties(), topics,
                AvroBinarySerializers.create(), clock);
        return Collector.builder(publisher)
                .energySource(new KeplerScraper(HttpText.withTimeout(Duration.ofSeconds(5)), kepler.uri("/metrics"),
                        "node-a", PodUidResolver.none(), clock))
                .counterStateFile(new CounterStateFile(stateFile, "node-a", clock))
                .build();
    }

    private static String exposition(Map<String, Double> containers) {
        StringBuilder text = new StringBuilder("# TYPE kepler_container_package_joules_total counter\n");
        containers.forEach((id, joules) -> text.append("kepler_container_package_joules_total{container_id=\"")
                .append(id).append("\",container_name=\"web\",container_namespace=\"shop\",mode=\"dynamic\","
                        + "pod_name=\"web-0\"} ").append(joules).append('\n'));
        return text.toString();
    }

    private void startBroker() throws Exception {
        // Fixed event times lie months back: without this, retention would delete them when the broker restarts.
        broker = EmbeddedKafkaBroker.start(BrokerConfig.builder(dir.resolve("kafka")).port(0).controllerPort(0)
                .serverProperty("log.retention.ms", "-1").build());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.samples(), 2, (short) 1),
                    new NewTopic(topics.pods(), 1, (short) 1))).all().get();
        }
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", broker.bootstrapServers());
        // Fail sends quickly while the broker is down, so the test does not wait two minutes.
        p.put("delivery.timeout.ms", 4000);
        p.put("request.timeout.ms", 1500);
        p.put("linger.ms", 0);
        p.put("max.block.ms", 500);
        p.put("reconnect.backoff.max.ms", 500);
        return p;
    }

    private static void step(Collector collector, MutableClock clock) {
        clock.advance(STEP);
        collector.pollEnergyOnce();
    }

    private List<EnergySample> readSamples() {
        SpecificDatumReader<EnergySample> reader = new SpecificDatumReader<>(EnergySample.class);
        List<EnergySample> samples = new ArrayList<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "resilience-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            long end = admin.listOffsets(Map.of(
                    new org.apache.kafka.common.TopicPartition(topics.samples(), 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest(),
                    new org.apache.kafka.common.TopicPartition(topics.samples(), 1),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().values().stream()
                    .mapToLong(o -> o.offset()).sum();
            consumer.subscribe(List.of(topics.samples()));
            await("every sample read").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        samples.add(reader.read(null, DecoderFactory.get().binaryDecoder(r.value(), null)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return samples.size() >= end;
            });
        } catch (Exception e) {
            throw new AssertionError("reading " + topics.samples() + " failed: " + e, e);
        }
        return samples;
    }

    private static void assertSameEnergy(List<EnergySample> delivered, List<EnergySample> produced) {
        Map<SeriesKey, Double> expected = LedgerEnergy.of(produced);
        Map<SeriesKey, Double> actual = LedgerEnergy.of(delivered);
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((series, joules) -> assertThat(actual.get(series))
                .as("joules of %s; produced %s; delivered %s", series, readings(produced, series), readings(delivered, series))
                .isCloseTo(joules, within(1e-6)));
        double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(total).isPositive();
    }

    private static List<String> readings(List<EnergySample> samples, SeriesKey series) {
        return samples.stream().filter(s -> s.getPodUid().equals(series.podUid()) && s.getComponent().equals(series.component()))
                .map(s -> s.getTimestamp().getEpochSecond() % 3600 + "s=" + s.getEnergyJoules()).toList();
    }

    /** The real demo fleet, remembering every reading it produced (what the ledger must account for). */
    private static final class Recorder implements EnergySource {
        private final DemoFleet fleet;
        private final List<EnergySample> readings = new CopyOnWriteArrayList<>();

        Recorder(DemoFleet fleet) {
            this.fleet = fleet;
        }

        @Override
        public String name() {
            return "demo";
        }

        @Override
        public List<EnergySample> poll() throws IOException {
            List<EnergySample> batch = fleet.poll();
            readings.addAll(batch);
            return batch;
        }
    }
}
