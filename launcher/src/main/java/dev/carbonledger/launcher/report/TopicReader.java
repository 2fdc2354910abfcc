package dev.carbonledger.launcher.report;

import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic to the end offsets it had when reading started: committed records only (read_committed), manual
 * assignment, no consumer group, nothing committed. Values are decoded here, one at a time, so a record that cannot be
 * decoded is counted and skipped instead of stopping the report; an unreachable registry fails it. Progress goes to
 * the log every few seconds.
 */
public final class TopicReader implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long PROGRESS_NANOS = Duration.ofSeconds(2).toNanos();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration metadataTimeout;
    private final Duration readTimeout;
    private final String bootstrapServers;

    public TopicReader(Properties client, Duration metadataTimeout, Duration readTimeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "carbon-ledger-report");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.bootstrapServers = String.valueOf(p.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.consumer = consumer(p);
        this.metadataTimeout = metadataTimeout;
        this.readTimeout = readTimeout;
    }

    /** A bad client setting (an unresolvable bootstrap address ...) is bad usage: IllegalArgumentException, exit 2. */
    private static KafkaConsumer<String, byte[]> consumer(Properties p) {
        try {
            return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConfigException) {
                    throw new IllegalArgumentException("invalid Kafka client settings: " + t.getMessage(), e);
                }
            }
            throw new ReportFailure("cannot create a Kafka consumer: " + e.getMessage(), e);
        }
    }

    /** Reads the whole topic. */
    <V> long readAll(String topic, Deserializer<V> values, BiConsumer<String, V> sink) {
        return read(topic, null, values, key -> true, sink);
    }

    /**
     * Reads from the first record whose timestamp is at or after {@code from} in each partition, keeping only the
     * records whose key {@code keys} accepts (decoded only then).
     */
    public <V> long readFrom(String topic, Instant from, Deserializer<V> values, Predicate<String> keys, BiConsumer<String, V> sink) {
        return read(topic, from, values, keys, sink);
    }

    private <V> long read(String topic, Instant from, Deserializer<V> values, Predicate<String> keys, BiConsumer<String, V> sink) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, metadataTimeout);
        Map<TopicPartition, Long> start = startOffsets(partitions, from, end);
        start.forEach(consumer::seek);
        long total = 0;
        for (TopicPartition tp : partitions) {
            total += Math.max(0, end.get(tp) - start.get(tp));
        }
        long deadline = System.nanoTime() + readTimeout.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        long seen = 0;
        long kept = 0;
        Skipped skipped = new Skipped(topic);
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new ReportFailure("reading " + topic + " did not reach its end within " + readTimeout + " ("
                        + Counts.records(seen) + " of " + Counts.records(total) + " read): raise --timeout");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                if (end.get(new TopicPartition(r.topic(), r.partition())) <= r.offset()) {
                    continue;
                }
                seen++;
                if (!keys.test(r.key())) {
                    continue;
                }
                V value = decode(values, r, skipped);
                if (value != null || r.value() == null) {
                    sink.accept(r.key(), value);
                    kept++;
                }
            }
            if (System.nanoTime() > nextProgress) {
                LOGGER.info("reading {}: {} of {} ...", topic, Counts.number(seen), Counts.records(total));
                nextProgress = System.nanoTime() + PROGRESS_NANOS;
            }
        }
        skipped.log();
        LOGGER.info("read {}: {}{}", topic, Counts.records(seen), from == null ? "" : " since " + from);
        return kept;
    }

    /** Whether the topic exists (an unreachable cluster fails as in {@link #readFrom}). */
    public boolean exists(String topic) {
        List<PartitionInfo> infos = partitionInfos(topic);
        return infos != null && !infos.isEmpty();
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = partitionInfos(topic);
        if (infos == null || infos.isEmpty()) {
            throw new ReportFailure("topic " + topic + " does not exist: is the pipeline running against this cluster?"
                    + " (bootstrap servers " + bootstrapServers + ", check --topic-prefix)");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private List<PartitionInfo> partitionInfos(String topic) {
        try {
            return consumer.partitionsFor(topic, metadataTimeout);
        } catch (TimeoutException e) {
            throw new ReportFailure("cannot reach Kafka at " + bootstrapServers + " within " + metadataTimeout
                    + ": is --bootstrap-servers right and the cluster up?", e);
        } catch (KafkaException e) {
            throw new ReportFailure("cannot read topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, Instant from, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions, metadataTimeout));
        if (from != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, metadataTimeout);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = found.get(tp);
                // No record at or after the time: nothing to read in that partition.
                start.put(tp, o == null ? end.get(tp) : Math.max(o.offset(), start.get(tp)));
            }
        }
        return start;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), metadataTimeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static <V> V decode(Deserializer<V> values, ConsumerRecord<String, byte[]> r, Skipped skipped) {
        if (r.value() == null) {
            return null;
        }
        try {
            return values.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            if (causedByRegistry(e)) {
                throw new ReportFailure("cannot decode " + r.topic() + ": the schema registry did not answer: " + rootMessage(e), e);
            }
            skipped.add(r, e);
            return null;
        }
    }

    private static boolean causedByRegistry(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** Records that could not be decoded: counted, the first one described. */
    private static final class Skipped {
        private final String topic;
        private long count;
        private String first;

        Skipped(String topic) {
            this.topic = topic;
        }

        void add(ConsumerRecord<String, byte[]> r, RuntimeException e) {
            if (count++ == 0) {
                first = "partition " + r.partition() + " offset " + r.offset() + ": " + e.getMessage();
            }
        }

        void log() {
            if (count > 0) {
                LOGGER.warn("skipped {} records of {} that could not be decoded; the first at {}", count, topic, first);
            }
        }
    }
}
