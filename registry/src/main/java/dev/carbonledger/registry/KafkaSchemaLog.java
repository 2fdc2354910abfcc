package dev.carbonledger.registry;

import dev.carbonledger.schemas.registry.SchemaLog;
import dev.carbonledger.schemas.registry.SchemaLogEntry;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaLog} in a compacted, single-partition Kafka topic. {@link #readAll()} creates the topic if it is
 * missing and reads it to the end; {@link #append} writes with {@code acks=all} and waits for the acknowledgement.
 */
public final class KafkaSchemaLog implements SchemaLog {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaSchemaLog.class);

    /**
     * @param bootstrapServers  Kafka bootstrap servers
     * @param topic             the store topic, normally {@code TopicNames.schemas()} ({@code _carbon.schemas})
     * @param replicationFactor replication of the topic when it is created (1 on a single broker)
     * @param clientProperties  passed to the admin client, producer and consumer (security.protocol, sasl.*, ssl.* ...)
     * @param timeout           bound on topic creation, the initial read and each write
     */
    public record Settings(String bootstrapServers, String topic, short replicationFactor,
                           Map<String, Object> clientProperties, Duration timeout) {
        public Settings {
            List<String> errors = new ArrayList<>();
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                errors.add("bootstrapServers must not be blank");
            }
            if (topic == null || topic.isBlank()) {
                errors.add("topic must not be blank");
            }
            if (replicationFactor < 1) {
                errors.add("replicationFactor must be >= 1, was " + replicationFactor);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                errors.add("timeout must be positive");
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("Invalid Kafka schema log settings: " + String.join("; ", errors));
            }
            clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        }

        /** Replication 1, no extra client properties, 30 s timeout. */
        public static Settings of(String bootstrapServers, String topic) {
            return new Settings(bootstrapServers, topic, (short) 1, Map.of(), Duration.ofSeconds(30));
        }

        public Settings withReplicationFactor(short replication) {
            return new Settings(bootstrapServers, topic, replication, clientProperties, timeout);
        }

        public Settings withClientProperties(Map<String, Object> properties) {
            return new Settings(bootstrapServers, topic, replicationFactor, properties, timeout);
        }

        public Settings withTimeout(Duration newTimeout) {
            return new Settings(bootstrapServers, topic, replicationFactor, clientProperties, newTimeout);
        }
    }

    private final Settings settings;
    private KafkaProducer<byte[], byte[]> producer;

    public KafkaSchemaLog(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public synchronized List<SchemaLogEntry> readAll() {
        ensureTopic();
        TopicPartition partition = new TopicPartition(settings.topic(), 0);
        List<SchemaLogEntry> entries = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), settings.timeout()).get(partition);
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            while (consumer.position(partition, settings.timeout()) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out after " + settings.timeout() + " reading schema topic '"
                            + settings.topic() + "' to offset " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        entries.add(SchemaLogCodec.decode(record.value()));
                    } catch (IllegalArgumentException e) {
                        LOGGER.warn("Skipping unreadable schema log entry topic={} offset={} reason={}",
                                settings.topic(), record.offset(), e.getMessage());
                    }
                }
            }
            LOGGER.info("Schema log read topic={} entries={} endOffset={}", settings.topic(), entries.size(), end);
        }
        return entries;
    }

    @Override
    public synchronized void append(SchemaLogEntry entry) {
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties());
        }
        try {
            producer.send(new ProducerRecord<>(settings.topic(), 0, SchemaLogCodec.key(entry), SchemaLogCodec.encode(entry)))
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted writing schema log entry " + entry.key(), 500,
                    SchemaRegistryException.STORE_ERROR, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaRegistryException("Cannot write schema log entry " + entry.key() + " to topic '"
                    + settings.topic() + "': " + e, 500, SchemaRegistryException.STORE_ERROR, e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(settings.timeout());
            producer = null;
        }
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(common())) {
            try {
                TopicDescription description = admin.describeTopics(Set.of(settings.topic())).allTopicNames()
                        .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).get(settings.topic());
                if (description.partitions().size() != 1) {
                    LOGGER.warn("Schema topic has more than one partition topic={} partitions={}; only partition 0 is used",
                            settings.topic(), description.partitions().size());
                }
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Cannot describe schema topic '" + settings.topic() + "': " + e.getCause(), e);
                }
            }
            NewTopic topic = new NewTopic(settings.topic(), 1, settings.replicationFactor())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(topic)).all().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                LOGGER.info("Schema topic created topic={} replicationFactor={}", settings.topic(), settings.replicationFactor());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create schema topic '" + settings.topic() + "': " + e.getCause(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted preparing schema topic '" + settings.topic() + "'", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + settings.timeout() + " preparing schema topic '"
                    + settings.topic() + "' at " + settings.bootstrapServers(), e);
        }
    }

    private Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return props;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(common());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.putAll(common());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
