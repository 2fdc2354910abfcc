package dev.carbonledger.collectors.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.collectors.AvroBinarySerializers;
import dev.carbonledger.collectors.MutableClock;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.topics.TopicNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CollectorPublisherTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:07Z");
    private static final Instant SAMPLE_TIME = Instant.parse("2026-03-02T10:00:05Z");

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void shouldUseTheProjectProducerSettingsAndLetTheCallerOverride() {
        Map<String, Object> config = CollectorPublisher.producerConfig(Map.of("bootstrap.servers", "k:9092",
                "linger.ms", 5));

        assertThat(config).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("compression.type", "lz4").containsEntry("linger.ms", 5)
                .containsEntry("bootstrap.servers", "k:9092");
        assertThatThrownBy(() -> CollectorPublisher.producerConfig(Map.of()))
                .hasMessageContaining("CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldCountOnlyAcknowledgedRecordsAndFailedSends() {
        CollectorPublisher publisher = new CollectorPublisher(producer, TopicNames.defaults(),
                AvroBinarySerializers.create(), clock);
        publisher.publish(sample());
        publisher.publish(sample());
        assertThat(publisher.stats().samples()).isZero();

        producer.completeNext();
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));

        assertThat(publisher.stats()).isEqualTo(new PublisherStats(1, 0, 0, 0, 0, 1));
        // the reading that failed waits in the buffer for the next attempt
        assertThat(publisher.buffering()).isTrue();
        assertThat(publisher.bufferedSamples()).isEqualTo(1);
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("carbon.energy.samples");
            assertThat(r.key()).isEqualTo("pod-1");
            assertThat(r.timestamp()).isEqualTo(SAMPLE_TIME.toEpochMilli());
        });
    }

    @Test
    void shouldStampReferenceRecordsWithThePublishTimeAndWriteTombstones() {
        CollectorPublisher publisher = new CollectorPublisher(producer, new TopicNames("x"),
                AvroBinarySerializers.create(), clock);

        publisher.publishPodDeleted("pod-9");

        ProducerRecord<String, byte[]> tombstone = producer.history().get(0);
        assertThat(tombstone.topic()).isEqualTo("x.pods");
        assertThat(tombstone.key()).isEqualTo("pod-9");
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.timestamp()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void shouldCountARecordItCannotSerializeAndCarryOn() {
        Serializer<EnergySample> broken = (topic, value) -> {
            throw new SerializationException("record does not fit its schema");
        };
        CollectorSerializers defaults = AvroBinarySerializers.create();
        CollectorPublisher publisher = new CollectorPublisher(producer, TopicNames.defaults(),
                new CollectorSerializers(broken, defaults.pods(), defaults.nodes(), defaults.intensity(),
                        defaults.forecasts(), defaults.functionalUnits()), clock);

        publisher.publish(sample());
        publisher.publish(NodeInfo.newBuilder().setNode("n1").setZone("DE").build());

        assertThat(publisher.stats().failedSends()).isEqualTo(1);
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("carbon.nodes");
    }

    private static EnergySample sample() {
        return EnergySample.newBuilder().setPodUid("pod-1").setComponent("package").setNode("n1")
                .setTimestamp(SAMPLE_TIME).setEnergyJoules(12.5).setSource("test").build();
    }

    @Test
    void shouldKeepReadingsInTheBufferWhileTheSchemaRegistryIsUnreachableAndSendThemWhenItAnswers() {
        boolean[] registryUp = {false};
        Serializer<EnergySample> avro = AvroBinarySerializers.create().samples();
        Serializer<EnergySample> throughRegistry = (topic, value) -> {
            if (!registryUp[0]) {
                throw new SerializationException("cannot register schema", new SchemaRegistryException(
                        "GET http://registry:8081/subjects failed", -1, -1, new java.net.ConnectException("refused")));
            }
            return avro.serialize(topic, value);
        };
        CollectorSerializers defaults = AvroBinarySerializers.create();
        CollectorPublisher publisher = new CollectorPublisher(producer, TopicNames.defaults(),
                new CollectorSerializers(throughRegistry, defaults.pods(), defaults.nodes(), defaults.intensity(),
                        defaults.forecasts(), defaults.functionalUnits()), clock);

        publisher.publish(sample());
        publisher.publish(sampleAt(SAMPLE_TIME.plusSeconds(5), 20.0));
        publisher.drainSamples();

        assertThat(producer.history()).isEmpty();
        assertThat(publisher.bufferedSamples()).isEqualTo(2);
        assertThat(publisher.stats().failedSends()).as("waiting is not failing").isZero();

        registryUp[0] = true;
        publisher.drainSamples();
        producer.completeNext();

        assertThat(producer.history()).extracting(ProducerRecord::timestamp)
                .containsExactly(SAMPLE_TIME.toEpochMilli(), SAMPLE_TIME.plusSeconds(5).toEpochMilli());
    }

    private static EnergySample sampleAt(Instant at, double joules) {
        return EnergySample.newBuilder(sample()).setTimestamp(at).setEnergyJoules(joules).build();
    }
}
