package dev.carbonledger.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegisteredExtensionIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension()
            .withServerProperty("auto.create.topics.enable", "false");

    @Test
    void shouldExposeTheBrokerAndApplyServerOverrides() throws Exception {
        KafkaTestBroker broker = KAFKA.broker();
        broker.createTopic("bytes", 1);

        try (KafkaProducer<String, byte[]> producer = broker.producer()) {
            producer.send(new ProducerRecord<>("bytes", "k", "v".getBytes(StandardCharsets.UTF_8))).get();
        }
        List<ConsumerRecord<String, byte[]>> records = broker.consumeUntil("bytes", new StringDeserializer(),
                new ByteArrayDeserializer(), 1, Duration.ofSeconds(30));

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("k");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("v");
        });
        assertThat(broker.admin().listTopics().names().get()).contains("bytes").doesNotContain("never-created");
        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "0");
        String autoCreate = broker.admin().describeConfigs(List.of(brokerResource)).all().get().get(brokerResource)
                .get("auto.create.topics.enable").value();
        assertThat(autoCreate).isEqualTo("false");
    }
}
