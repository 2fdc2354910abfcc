package dev.carbonledger.collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.publisher.CollectorPublisher;
import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.PodMetadataSource;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CollectorTest {
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final TopicNames TOPICS = TopicNames.defaults();

    private final MutableClock clock = new MutableClock(START);
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final CollectorPublisher publisher =
            new CollectorPublisher(producer, TOPICS, AvroBinarySerializers.create(), clock);

    @Test
    void shouldPublishNodesThenPodsThenSamplesKeyedAsDesigned() {
        // Given the demo fleet as every kind of source
        DemoFleet fleet = new DemoFleet(42, clock);
        try (Collector collector = Collector.builder(publisher).energySource(fleet).podSource(fleet)
                .nodeSource(fleet).intensitySource(fleet).build()) {
            // When
            collector.pollAllOnce();
            collector.flush();
            // Then
            List<ProducerRecord<String, byte[]>> sent = producer.history();
            List<String> topicOrder = sent.stream().map(ProducerRecord::topic).distinct().toList();
            assertThat(topicOrder).containsExactly(TOPICS.nodes(), TOPICS.pods(), TOPICS.samples(), TOPICS.intensity(),
                    TOPICS.intensityForecasts());
            assertThat(sent).filteredOn(r -> r.topic().equals(TOPICS.nodes()))
                    .extracting(ProducerRecord::key).contains("demo-north-gpu-1", "demo-south-cpu-1");
            assertThat(sent).filteredOn(r -> r.topic().equals(TOPICS.intensity()))
                    .extracting(ProducerRecord::key).containsOnly(DemoFleet.CLEAN_ZONE, DemoFleet.DIRTY_ZONE);
            List<String> podKeys = sent.stream().filter(r -> r.topic().equals(TOPICS.pods()))
                    .map(ProducerRecord::key).toList();
            assertThat(sent).filteredOn(r -> r.topic().equals(TOPICS.samples())).isNotEmpty().allSatisfy(r -> {
                assertThat(podKeys).contains(r.key());
                assertThat(r.timestamp()).isEqualTo(START.toEpochMilli());
            });
            assertThat(collector.samplesPublished())
                    .isEqualTo(sent.stream().filter(r -> r.topic().equals(TOPICS.samples())).count());
        }
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldPublishFunctionalUnitsKeyedByModelOnTheEnergyTick() {
        // Given the demo fleet as energy and functional-unit source
        DemoFleet fleet = new DemoFleet(42, clock);
        try (Collector collector = Collector.builder(publisher).energySource(fleet).podSource(fleet)
                .functionalUnitSource(fleet).build()) {
            // When: three energy ticks (the first one only starts the counters)
            for (int i = 0; i < 3; i++) {
                collector.pollEnergyOnce();
                clock.advance(DemoFleet.DEFAULT_SAMPLING_INTERVAL);
            }
            collector.flush();
            // Then
            List<ProducerRecord<String, byte[]>> units = producer.history().stream()
                    .filter(r -> r.topic().equals(TOPICS.functionalUnits())).toList();
            assertThat(units).isNotEmpty();
            assertThat(units).extracting(ProducerRecord::key).containsOnly("llama-3-8b", "bert-large", "fraud-gbdt");
            assertThat(units).extracting(ProducerRecord::timestamp).containsOnly(
                    START.plus(DemoFleet.DEFAULT_SAMPLING_INTERVAL).toEpochMilli(),
                    START.plus(DemoFleet.DEFAULT_SAMPLING_INTERVAL.multipliedBy(2)).toEpochMilli());
            assertThat(publisher.functionalUnitsPublished()).isEqualTo(units.size());
        }
    }

    @Test
    void shouldPublishPodMetadataOnlyWhenNewOrChanged() {
        Map<String, PodMetadata> pods = new HashMap<>();
        pods.put("uid-1", pod("uid-1", "search"));
        PodMetadataSource source = new PodMetadataSource() {
            @Override public String name() { return "fixed"; }
            @Override public List<PodMetadata> pods() { return new ArrayList<>(pods.values()); }
        };
        try (Collector collector = Collector.builder(publisher).podSource(source).build()) {
            assertThat(collector.pollPodsOnce()).isEqualTo(1);
            assertThat(collector.pollPodsOnce()).isZero();
            pods.put("uid-1", pod("uid-1", "research"));
            assertThat(collector.pollPodsOnce()).isEqualTo(1);
        }
    }

    @Test
    void shouldPublishATombstoneForAVanishedPodOnlyWhenAskedTo() {
        for (boolean tombstones : new boolean[] {false, true}) {
            MockProducer<String, byte[]> producer =
                    new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
            Map<String, PodMetadata> pods = new HashMap<>(Map.of("uid-1", pod("uid-1", "search"),
                    "uid-2", pod("uid-2", "search")));
            PodMetadataSource source = new PodMetadataSource() {
                @Override public String name() { return "fixed"; }
                @Override public List<PodMetadata> pods() { return new ArrayList<>(pods.values()); }
            };
            try (Collector collector = Collector.builder(
                    new CollectorPublisher(producer, TOPICS, AvroBinarySerializers.create(), clock))
                    .podSource(source).podTombstones(tombstones).build()) {
                collector.pollPodsOnce();
                pods.remove("uid-2");
                collector.pollPodsOnce();
                // a pod listed again after it was forgotten is published again
                pods.put("uid-2", pod("uid-2", "search"));
                collector.pollPodsOnce();
            }
            List<String> values = producer.history().stream()
                    .map(r -> r.key() + (r.value() == null ? ":tombstone" : "")).sorted().toList();
            assertThat(values).as("tombstones=%s", tombstones).isEqualTo(tombstones
                    ? List.of("uid-1", "uid-2", "uid-2", "uid-2:tombstone")
                    : List.of("uid-1", "uid-2", "uid-2"));
        }
    }

    @Test
    void shouldFetchPodMetadataBeforeTheFirstSampleOfAnUnknownPod() {
        List<String> calls = new ArrayList<>();
        PodMetadataSource pods = new PodMetadataSource() {
            @Override public String name() { return "pods"; }
            @Override public List<PodMetadata> pods() {
                calls.add("pods");
                return List.of(pod("uid-9", "search"));
            }
        };
        EnergySource energy = new EnergySource() {
            @Override public String name() { return "energy"; }
            @Override public List<EnergySample> poll() {
                calls.add("energy");
                return List.of(sample("uid-9", 10.0));
            }
        };
        try (Collector collector = Collector.builder(publisher).energySource(energy).podSource(pods).build()) {
            collector.pollEnergyOnce();
            collector.pollEnergyOnce();
        }
        assertThat(calls).containsExactly("energy", "pods", "energy");
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.pods(), TOPICS.samples(), TOPICS.samples());
    }

    @Test
    void shouldLogAndRetryAFailingSourceWithoutStoppingTheOthers() {
        // Given a source that fails once, then recovers
        int[] polls = {0};
        EnergySource flaky = new EnergySource() {
            @Override public String name() { return "flaky"; }
            @Override public List<EnergySample> poll() throws IOException {
                if (polls[0]++ == 0) {
                    throw new IOException("connection refused");
                }
                return List.of(sample("uid-2", 5.0));
            }
        };
        EnergySource broken = new EnergySource() {
            @Override public String name() { return "broken"; }
            @Override public List<EnergySample> poll() {
                throw new IllegalStateException("parser bug");
            }
        };
        EnergySource healthy = new EnergySource() {
            @Override public String name() { return "healthy"; }
            @Override public List<EnergySample> poll() { return List.of(sample("uid-1", 1.0)); }
        };
        try (Collector collector = Collector.builder(publisher).energySource(flaky).energySource(broken)
                .energySource(healthy).build()) {
            // When
            int first = collector.pollEnergyOnce();
            int second = collector.pollEnergyOnce();
            // Then
            assertThat(first).isEqualTo(1);
            assertThat(second).isEqualTo(2);
            assertThat(collector.sourceFailures()).containsExactlyInAnyOrderEntriesOf(Map.of("flaky", 1L, "broken", 2L));
            assertThat(collector.samplesPublished()).isEqualTo(3);
        }
    }

    @Test
    void shouldPollOnItsScheduleUntilClosed() {
        DemoFleet fleet = new DemoFleet(42, clock);
        Collector collector = Collector.builder(publisher).energySource(fleet).podSource(fleet)
                .energyInterval(Duration.ofMillis(20)).build();
        collector.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().stream()
                    .filter(r -> r.topic().equals(TOPICS.samples())).count() > 0);
        } finally {
            collector.close();
        }
        int afterClose = producer.history().size();
        clock.advance(Duration.ofMinutes(1));
        assertThat(producer.closed()).isTrue();
        assertThat(producer.history()).hasSize(afterClose);
    }

    static PodMetadata pod(String uid, String team) {
        return PodMetadata.newBuilder().setPodUid(uid).setNamespace("ns").setName("pod-" + uid).setNode("node-a")
                .setTeam(team).setModel(null).setLabels(new HashMap<>()).build();
    }

    static EnergySample sample(String uid, double joules) {
        return EnergySample.newBuilder().setPodUid(uid).setComponent("package").setNode("node-a")
                .setTimestamp(START).setEnergyJoules(joules).setSource("test").build();
    }
}
