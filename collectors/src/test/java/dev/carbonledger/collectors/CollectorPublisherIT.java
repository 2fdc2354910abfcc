package dev.carbonledger.collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.publisher.CollectorPublisher;
import dev.carbonledger.collectors.publisher.CollectorSerializers;
import dev.carbonledger.collectors.publisher.PublisherStats;
import dev.carbonledger.collectors.publisher.SerializerFactory;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The collector path on a real broker, through the Confluent wire-format serde, as `standalone` runs it. */
@WithKafkaBroker
class CollectorPublisherIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    private final KafkaTestBroker kafka;
    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    CollectorPublisherIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    private CollectorSerializers serializers() {
        return CollectorSerializers.using(new SerializerFactory() {
            @Override
            public <T extends SpecificRecord> Serializer<T> valueSerializer(Class<T> type) {
                return ConfluentAvroSerde.forValues(registry, type).serializer();
            }
        });
    }

    /**
     * Creates the collector's topics in one call and waits (bounded) until the broker describes them all.
     * KafkaTestBroker.createTopic describes a new topic once, which fails now and then before the metadata
     * has propagated, so the retry is done here.
     */
    private TopicNames createTopics(String prefix) throws Exception {
        TopicNames topics = new TopicNames(prefix);
        List<String> names = List.of(topics.samples(), topics.pods(), topics.nodes(), topics.intensity(),
                topics.intensityForecasts());
        kafka.admin().createTopics(names.stream()
                .map(n -> new NewTopic(n, n.equals(topics.samples()) ? 4 : 1, (short) 1)).toList())
                .all().get(30, TimeUnit.SECONDS);
        await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> kafka.admin().describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).size() == names.size());
        return topics;
    }

    @Test
    void shouldPublishTheDemoFleetKeyedAsDesignedInTheWireFormat() throws Exception {
        // Given
        TopicNames topics = createTopics("it1");
        MutableClock clock = new MutableClock(START);
        DemoFleet fleet = new DemoFleet(42, clock);
        CollectorPublisher publisher = CollectorPublisher.create(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                topics, serializers(), clock);
        PublisherStats stats;
        // When a simulated minute is polled
        try (Collector collector = Collector.builder(publisher).energySource(fleet).podSource(fleet).nodeSource(fleet)
                .intensitySource(fleet).build()) {
            collector.pollAllOnce();
            for (int i = 0; i < 11; i++) {
                clock.advance(Duration.ofSeconds(5));
                collector.pollEnergyOnce();
            }
            collector.flush();
            stats = collector.publisherStats();
        }

        // Then every acknowledged record is in its topic, decodable, under the designed key
        assertThat(stats.failedSends()).isZero();
        List<ConsumerRecord<String, EnergySample>> samples = kafka.consumeUntil(topics.samples(),
                new StringDeserializer(), ConfluentAvroSerde.forValues(registry, EnergySample.class).deserializer(),
                (int) stats.samples(), TIMEOUT);
        assertThat(samples).hasSize((int) stats.samples()).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.value().getPodUid());
            assertThat(r.timestamp()).isEqualTo(r.value().getTimestamp().toEpochMilli());
            assertThat(r.value().getSource()).isEqualTo("demo");
        });
        assertThat(samples).extracting(r -> r.value().getTimestamp()).contains(START, START.plusSeconds(55));
        List<ConsumerRecord<String, PodMetadata>> pods = kafka.consumeUntil(topics.pods(), new StringDeserializer(),
                ConfluentAvroSerde.forValues(registry, PodMetadata.class).deserializer(), (int) stats.pods(), TIMEOUT);
        Set<String> podKeys = new HashSet<>();
        pods.forEach(r -> {
            assertThat(r.key()).isEqualTo(r.value().getPodUid());
            podKeys.add(r.key());
        });
        assertThat(podKeys).containsAll(samples.stream().map(ConsumerRecord::key).toList());
        List<ConsumerRecord<String, NodeInfo>> nodes = kafka.consumeUntil(topics.nodes(), new StringDeserializer(),
                ConfluentAvroSerde.forValues(registry, NodeInfo.class).deserializer(), 4, TIMEOUT);
        assertThat(nodes).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getNode()));
        List<ConsumerRecord<String, IntensityRecord>> intensity = kafka.consumeUntil(topics.intensity(),
                new StringDeserializer(), ConfluentAvroSerde.forValues(registry, IntensityRecord.class).deserializer(),
                2, TIMEOUT);
        assertThat(intensity).extracting(ConsumerRecord::key).containsExactly(DemoFleet.CLEAN_ZONE, DemoFleet.DIRTY_ZONE);
        List<ConsumerRecord<String, IntensityForecast>> forecasts = kafka.consumeUntil(topics.intensityForecasts(),
                new StringDeserializer(), ConfluentAvroSerde.forValues(registry, IntensityForecast.class).deserializer(),
                2, TIMEOUT);
        assertThat(forecasts).allSatisfy(r -> assertThat(r.value().getPoints()).hasSize(48));
    }

    @Test
    void shouldPublishOnItsScheduleAndFlushEverythingOnClose() throws Exception {
        // Given a collector on its own schedule (a fast energy interval; the fleet's clock is the test's)
        TopicNames topics = createTopics("it2");
        MutableClock clock = new MutableClock(START);
        DemoFleet fleet = new DemoFleet(7, clock);
        CollectorPublisher publisher = CollectorPublisher.create(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                topics, serializers(), clock);
        Collector collector = Collector.builder(publisher).energySource(fleet).podSource(fleet)
                .energyInterval(Duration.ofMillis(50)).build();
        // When
        collector.start();
        try {
            await().atMost(TIMEOUT).until(() -> collector.samplesPublished() > 0);
        } finally {
            collector.close();
        }
        // Then nothing sent is lost on close: the topic holds exactly what was acknowledged
        long acknowledged = collector.samplesPublished();
        assertThat(acknowledged).isPositive();
        assertThat(collector.publisherStats().failedSends()).isZero();
        assertThat(kafka.totalEndOffset(topics.samples())).isEqualTo(acknowledged);
    }
}
