package dev.carbonledger.testsupport;

import dev.carbonledger.schemas.topics.TopicSpec;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The client helpers of {@link KafkaTestBroker}, for any broker reachable at {@link #bootstrapServers()}. */
abstract class AbstractKafkaTestBroker implements KafkaTestBroker, AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private Admin admin;

    @Override
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>(clientProperties());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
            admin = Admin.create(props);
        }
        return admin;
    }

    @Override
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        await("create topic " + name, () -> admin().createTopics(List.of(topic)).all());
        awaitLeaders(List.of(name));
    }

    @Override
    public void createTopics(Collection<TopicSpec> specs) {
        List<NewTopic> topics = specs.stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1)
                        .configs(spec.compacted()
                                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                                : Map.of()))
                .toList();
        List<String> names = topics.stream().map(NewTopic::name).toList();
        await("create topics " + names, () -> admin().createTopics(topics).all());
        awaitLeaders(names);
    }

    @Override
    public Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    @Override
    public KafkaProducer<String, byte[]> producer() {
        return producer(new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return producer(keySerializer, valueSerializer, Map.of());
    }

    @Override
    public <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer,
                                               Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.putAll(overrides);
        return new KafkaProducer<>(props, keySerializer, valueSerializer);
    }

    @Override
    public KafkaConsumer<String, byte[]> consumer() {
        return consumer(new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keyDeserializer,
                                               Deserializer<V> valueDeserializer) {
        return consumer(keyDeserializer, valueDeserializer, Map.of());
    }

    @Override
    public <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                                               Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.name().toLowerCase(Locale.ROOT));
        props.putAll(overrides);
        return new KafkaConsumer<>(props, keyDeserializer, valueDeserializer);
    }

    @Override
    public <K, V> List<ConsumerRecord<K, V>> consumeUntil(String topic, Deserializer<K> keyDeserializer,
                                                         Deserializer<V> valueDeserializer, int count,
                                                         Duration timeout) {
        return consumeUntil(topic, keyDeserializer, valueDeserializer, records -> records.size() >= count,
                timeout, "at least " + count + " records");
    }

    @Override
    public <K, V> List<ConsumerRecord<K, V>> consumeUntil(String topic, Deserializer<K> keyDeserializer,
                                                         Deserializer<V> valueDeserializer,
                                                         Predicate<List<ConsumerRecord<K, V>>> done,
                                                         Duration timeout) {
        return consumeUntil(topic, keyDeserializer, valueDeserializer, done, timeout, "the expected records");
    }

    private <K, V> List<ConsumerRecord<K, V>> consumeUntil(String topic, Deserializer<K> keyDeserializer,
                                                          Deserializer<V> valueDeserializer,
                                                          Predicate<List<ConsumerRecord<K, V>>> done,
                                                          Duration timeout, String expected) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        // Assign instead of subscribe: no group join, so the first poll starts fetching at once.
        try (KafkaConsumer<K, V> consumer = consumer(keyDeserializer, valueDeserializer)) {
            List<TopicPartition> partitions = partitionsOnceCreated(topic, deadline, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(records)) {
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + expected
                            + " on topic " + topic + "; read " + records.size() + " records: " + summary(records));
                }
                consumer.poll(POLL).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public <K, V> List<ConsumerRecord<K, V>> readToEnd(String topic, Deserializer<K> keyDeserializer,
                                                      Deserializer<V> valueDeserializer) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        try (KafkaConsumer<K, V> consumer = consumer(keyDeserializer, valueDeserializer,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString()))) {
            List<TopicPartition> partitions = partitionsOnceCreated(topic, deadline, DEFAULT_TIMEOUT);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("Timed out after " + DEFAULT_TIMEOUT.toMillis() + " ms reading " + topic
                            + " to its end " + end + "; read " + records.size() + " records");
                }
                consumer.poll(POLL).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(String topic) {
        Map<TopicPartition, OffsetSpec> request = partitions(topic).stream()
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new TreeMap<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        await("list end offsets of " + topic, () -> admin().listOffsets(request).all())
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public long totalEndOffset(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Closes the shared admin client; subclasses stop the broker after calling this. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private List<TopicPartition> partitions(String topic) {
        TopicDescription description = await("describe topic " + topic,
                () -> admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    /**
     * The metadata of a new topic reaches the broker's cache a moment after creation returns (longer on a
     * busy machine): wait until every partition has a leader, so producers and consumers start at once.
     */
    private void awaitLeaders(List<String> names) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin().describeTopics(names).allTopicNames()
                        .get(5, TimeUnit.SECONDS);
                boolean ready = descriptions.values().stream().allMatch(AbstractKafkaTestBroker::hasAllLeaders);
                if (ready && descriptions.keySet().containsAll(names)) {
                    return;
                }
                last = "partitions without leader";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topics " + names, e);
            } catch (ExecutionException | TimeoutException e) {
                last = String.valueOf(e.getCause() != null ? e.getCause() : e);
            }
            sleep(POLL);
        }
        throw new IllegalStateException("Topics " + names + " not ready within " + ADMIN_TIMEOUT.toMillis()
                + " ms: " + last);
    }

    private static boolean hasAllLeaders(TopicDescription description) {
        return !description.partitions().isEmpty()
                && description.partitions().stream().allMatch(p -> p.leader() != null);
    }

    /** Output topics are often created by the code under test: wait for the topic within the deadline. */
    private List<TopicPartition> partitionsOnceCreated(String topic, long deadline, Duration timeout) {
        while (true) {
            try {
                return partitions(topic);
            } catch (IllegalStateException e) {
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("Topic " + topic + " did not appear within " + timeout.toMillis()
                            + " ms: " + e.getMessage(), e);
                }
                sleep(POLL);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static String summary(List<? extends ConsumerRecord<?, ?>> records) {
        return records.stream().limit(10)
                .map(r -> r.partition() + "@" + r.offset() + ":" + r.key())
                .collect(Collectors.joining(", ", "[", records.size() > 10 ? ", ...]" : "]"));
    }

    private static <T> T await(String what, Supplier<KafkaFuture<T>> call) {
        try {
            return call.get().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Failed to " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + ADMIN_TIMEOUT.toMillis() + " ms: " + what, e);
        }
    }
}
