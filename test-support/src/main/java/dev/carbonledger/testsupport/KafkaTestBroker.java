package dev.carbonledger.testsupport;

import dev.carbonledger.schemas.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A running Kafka broker for an integration test, with the client helpers tests need. Backed by Kafka's
 * test kit in this JVM ({@link KafkaBrokerExtension}) or by a Testcontainers {@code apache/kafka}
 * container ({@link ContainerKafkaBroker}).
 *
 * <p>Clients returned by the factory methods belong to the caller (close them); {@link #admin()} is shared
 * and closed with the broker.
 */
public interface KafkaTestBroker {

    /** Default bound for {@link #consumeUntil} style waits when a test has no better figure. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** {@code host:port} of the client listener. */
    String bootstrapServers();

    /** A shared admin client, closed with the broker. */
    Admin admin();

    /** Creates a topic (replication 1) and waits until it exists. */
    void createTopic(String name, int partitions);

    /** Creates a topic (replication 1) with topic configs, e.g. {@code cleanup.policy=compact}. */
    void createTopic(String name, int partitions, Map<String, String> configs);

    /**
     * Creates topics from the project's topic catalogue (e.g. {@code TopicNames.defaults().all(4)}):
     * replication 1, {@code cleanup.policy=compact} where the spec says compacted; waits until all exist.
     */
    void createTopics(Collection<TopicSpec> specs);

    /** Client properties pointing at this broker: only {@code bootstrap.servers}. */
    Map<String, Object> clientProperties();

    /** A producer with String keys and byte[] values, {@code acks=all}, idempotent. */
    KafkaProducer<String, byte[]> producer();

    /** A producer with the given serializers, {@code acks=all}, idempotent. */
    <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer);

    /** A producer with the given serializers and extra properties (applied last). */
    <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer,
                                        Map<String, Object> overrides);

    /** A consumer with String keys and byte[] values, a fresh group, reading from the earliest offset. */
    KafkaConsumer<String, byte[]> consumer();

    /** A consumer with the given deserializers, a fresh group, reading from the earliest offset. */
    <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer);

    /** A consumer with the given deserializers and extra properties (applied last). */
    <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                                        Map<String, Object> overrides);

    /**
     * Reads the topic from the beginning (read_committed) until at least {@code count} records arrived.
     *
     * @return the records read, in arrival order (possibly more than {@code count})
     * @throws AssertionError if fewer arrived within the timeout, listing how many did
     */
    <K, V> List<ConsumerRecord<K, V>> consumeUntil(String topic, Deserializer<K> keyDeserializer,
                                                  Deserializer<V> valueDeserializer, int count, Duration timeout);

    /**
     * Reads the topic from the beginning (read_committed) until {@code done} accepts everything read so far.
     *
     * @return the records read, in arrival order
     * @throws AssertionError if {@code done} did not accept them within the timeout
     */
    <K, V> List<ConsumerRecord<K, V>> consumeUntil(String topic, Deserializer<K> keyDeserializer,
                                                  Deserializer<V> valueDeserializer,
                                                  Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout);

    /**
     * Reads the whole topic from the beginning (read_committed) up to its last stable offsets when called.
     *
     * @return the records, partition by partition in offset order
     * @throws AssertionError if the end was not reached within the default timeout
     */
    <K, V> List<ConsumerRecord<K, V>> readToEnd(String topic, Deserializer<K> keyDeserializer,
                                               Deserializer<V> valueDeserializer);

    /** Current end offsets (log end, including uncommitted transactional records) per partition. */
    Map<TopicPartition, Long> endOffsets(String topic);

    /** Sum of {@link #endOffsets(String)} over the partitions. */
    long totalEndOffset(String topic);
}
