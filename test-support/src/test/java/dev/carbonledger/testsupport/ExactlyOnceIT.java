package dev.carbonledger.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exactly-once on one node needs transaction.state.log.min.isr=1 and replication 1 for its topic. */
@WithKafkaBroker
class ExactlyOnceIT {

    @Test
    void shouldExposeOnlyCommittedTransactionsWhenATransactionalProducerCommitsAndAborts(KafkaTestBroker broker) {
        // Given
        broker.createTopic("eos", 1);
        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "eos-it");

        // When
        try (KafkaProducer<String, String> producer = broker.producer(new StringSerializer(), new StringSerializer(),
                transactional)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("eos", "committed-" + i, "c" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("eos", "aborted-" + i, "a" + i));
            }
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("eos", "last", "end"));
            producer.commitTransaction();
        }

        // Then: read_committed sees the two committed transactions only
        List<ConsumerRecord<String, String>> records = broker.consumeUntil("eos", new StringDeserializer(),
                new StringDeserializer(), rs -> rs.stream().anyMatch(r -> r.key().equals("last")),
                Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("committed-0", "committed-1", "committed-2", "committed-3", "committed-4",
                        "last");
        // One partition: 9 records and 3 transaction markers took offsets
        assertThat(broker.totalEndOffset("eos")).isEqualTo(12);
    }
}
