package dev.carbonledger.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same round trip against the apache/kafka image; skipped where no Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerRoundTripIT {

    @Container
    static final KafkaContainer KAFKA = ContainerKafkaBroker.newContainer();

    private static final ContainerKafkaBroker BROKER = ContainerKafkaBroker.of(KAFKA);

    @AfterAll
    static void closeClients() {
        BROKER.close();
    }

    @Test
    void shouldRoundTripRecordsThroughTheKafkaImage() throws Exception {
        BROKER.createTopic("container-round-trip", 2);
        try (KafkaProducer<String, String> producer = BROKER.producer(new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("container-round-trip", "k" + i, "v" + i)).get();
            }
        }

        List<ConsumerRecord<String, String>> records = BROKER.consumeUntil("container-round-trip",
                new StringDeserializer(), new StringDeserializer(), 10, Duration.ofSeconds(30));

        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        assertThat(BROKER.totalEndOffset("container-round-trip")).isEqualTo(10);
    }
}
