package dev.carbonledger.testsupport;

import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafkaBroker
class KafkaBrokerExtensionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTestBroker broker;

    KafkaBrokerExtensionIT(KafkaTestBroker broker) {
        this.broker = broker;
    }

    @Test
    void shouldRoundTripRecordsThroughACreatedTopic() throws Exception {
        // Given
        broker.createTopic("round-trip", 4);

        // When
        try (KafkaProducer<String, String> producer = broker.producer(new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("round-trip", "key-" + i, "value-" + i)).get();
            }
        }

        // Then
        List<ConsumerRecord<String, String>> records = broker.consumeUntil("round-trip",
                new StringDeserializer(), new StringDeserializer(), 20, TIMEOUT);
        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(i -> "value-" + i).toList());
        assertThat(records).allSatisfy(r -> assertThat(r.value()).isEqualTo(r.key().replace("key", "value")));
        assertThat(broker.endOffsets("round-trip")).hasSize(4);
        assertThat(broker.totalEndOffset("round-trip")).isEqualTo(20);
    }

    @Test
    void shouldCreateCompactedTopicWithGivenConfig() throws Exception {
        broker.createTopic("compacted", 2, Map.of("cleanup.policy", "compact"));

        Config config = config(ConfigResource.Type.TOPIC, "compacted");

        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(broker.endOffsets("compacted")).hasSize(2);
    }

    @Test
    void shouldCreateTheTopicCatalogueWithCompactionWhereSpecified() throws Exception {
        TopicNames names = new TopicNames("catalogue");
        List<TopicSpec> specs = names.all(2);

        broker.createTopics(specs);

        assertThat(broker.admin().listTopics().names().get())
                .containsAll(specs.stream().map(TopicSpec::name).toList());
        Config pods = config(ConfigResource.Type.TOPIC, names.pods());
        Config samples = config(ConfigResource.Type.TOPIC, names.samples());
        assertThat(pods.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(samples.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(broker.endOffsets(names.samples())).hasSize(2);
    }

    @Test
    void shouldRunWithProductionMetadataVersionAndSingleNodeSettings() throws Exception {
        var features = broker.admin().describeFeatures().featureMetadata().get().finalizedFeatures();
        Config brokerConfig = config(ConfigResource.Type.BROKER, "0");

        assertThat(features.get("metadata.version").maxVersionLevel())
                .isEqualTo(MetadataVersion.latestProduction().featureLevel());
        assertThat(brokerConfig.get("transaction.state.log.min.isr").value()).isEqualTo("1");
        assertThat(brokerConfig.get("offsets.topic.num.partitions").value()).isEqualTo("4");
        assertThat(brokerConfig.get("unstable.api.versions.enable").value()).isEqualTo("false");
    }

    private Config config(ConfigResource.Type type, String name) throws Exception {
        ConfigResource resource = new ConfigResource(type, name);
        return broker.admin().describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Nested
    class NestedClass {

        @Test
        void shouldShareTheOuterClassBroker(KafkaTestBroker nestedBroker) {
            assertThat(nestedBroker.bootstrapServers()).isEqualTo(broker.bootstrapServers());
        }
    }
}
