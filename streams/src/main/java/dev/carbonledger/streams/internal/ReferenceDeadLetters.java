package dev.carbonledger.streams.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter path of the reference topics (pods, nodes, intensity), which feed global stores. Kafka Streams
 * cannot send a dead-letter record from its global thread (it fails the whole client with a
 * {@code ClassCastException} when a handler returns one there), so one bad record on {@code carbon.pods} would stop
 * the pipeline at every start. Here such records are written by a producer of their own, with the same headers as
 * Kafka's dead-letter records; processing goes on.
 *
 * <p>Global stores are rebuilt from their topics at every start, so the same bad record comes by again: at
 * {@link #start()} the dead-letter topic is read once for the origins (topic, partition, offset) of reference
 * records already there, and those are not written twice. Not transactional (the global thread is not part of
 * exactly-once); a record is written at least once and, with that check, once.
 */
public final class ReferenceDeadLetters implements AutoCloseable {
    /** Config key under which the instance reaches {@link DeadLetters.Deserialization}. */
    public static final String CONFIG = "carbonledger.reference.deadletters";
    /** Kafka's own header for the stack trace of dead-lettered records (KIP-1034). */
    public static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";

    private static final Logger LOGGER = LoggerFactory.getLogger(ReferenceDeadLetters.class);
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(2);

    private final String dlqTopic;
    private final Set<String> referenceTopics;
    private final Properties clientProperties;
    private final Set<String> written = new HashSet<>();
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param clientProperties the app's Kafka settings (bootstrap servers, security); the client settings among them
     *                         are used
     */
    public ReferenceDeadLetters(String dlqTopic, Set<String> referenceTopics, Properties clientProperties) {
        this.dlqTopic = dlqTopic;
        this.referenceTopics = Set.copyOf(referenceTopics);
        this.clientProperties = clientProperties;
    }

    /** Whether records of {@code topic} take this path rather than Kafka Streams' own dead-letter queue. */
    public boolean covers(String topic) {
        return referenceTopics.contains(topic);
    }

    /** Reads the origins of reference records already dead-lettered (before the global stores are rebuilt). */
    public synchronized void start() {
        long t0 = System.nanoTime();
        Map<String, Object> conf = select(ConsumerConfig.configNames());
        conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        conf.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(conf, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            // listTopics, not partitionsFor: the latter may create the topic where the broker auto-creates topics.
            List<PartitionInfo> infos = consumer.listTopics(SCAN_TIMEOUT).get(dlqTopic);
            if (infos == null) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(dlqTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + SCAN_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the dead-letter topic " + dlqTopic + " to its end in "
                            + SCAN_TIMEOUT.toSeconds() + " s (" + read + " records read)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    String topic = header(r.headers(), DeadLetters.HEADER_TOPIC);
                    if (topic != null && covers(topic)) {
                        written.add(origin(topic, header(r.headers(), DeadLetters.HEADER_PARTITION),
                                header(r.headers(), DeadLetters.HEADER_OFFSET)));
                    }
                }
            }
        }
        LOGGER.info("event=reference_dead_letters_loaded topic={} records_read={} reference_origins={} seconds={}",
                dlqTopic, read, written.size(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Writes one dead-letter record for a reference record, unless one for the same origin is already there.
     *
     * @param value the record's bytes as read, or null when only the decoded record was at hand (the origin's
     *              offset leads to it)
     * @return whether a record was written
     */
    public synchronized boolean deadLetter(String topic, int partition, long offset, byte[] key, byte[] value,
                                           String exceptionClass, String reason, Throwable cause) {
        if (!written.add(origin(topic, Integer.toString(partition), Long.toString(offset)))) {
            LOGGER.debug("event=reference_dead_letter_known topic={} partition={} offset={}", topic, partition, offset);
            return false;
        }
        Headers headers = new RecordHeaders();
        headers.add(DeadLetters.HEADER_EXCEPTION, utf8(exceptionClass));
        headers.add(DeadLetters.HEADER_MESSAGE, utf8(reason));
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            headers.add(HEADER_STACKTRACE, utf8(trace.toString()));
        }
        headers.add(DeadLetters.HEADER_TOPIC, utf8(topic));
        headers.add(DeadLetters.HEADER_PARTITION, utf8(Integer.toString(partition)));
        headers.add(DeadLetters.HEADER_OFFSET, utf8(Long.toString(offset)));
        producer().send(new ProducerRecord<>(dlqTopic, null, key, value, headers), (metadata, e) -> {
            if (e != null) {
                LOGGER.error("event=reference_dead_letter_failed topic={} partition={} offset={} reason=\"{}\"", topic,
                        partition, offset, e.getMessage());
            }
        });
        return true;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> conf = select(ProducerConfig.configNames());
            conf.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            conf.put(ProducerConfig.ACKS_CONFIG, "all");
            conf.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            conf.put(ProducerConfig.CLIENT_ID_CONFIG, "reference-dead-letters");
            producer = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** The client settings among the app's properties (bootstrap servers, security ...). */
    private Map<String, Object> select(Set<String> names) {
        Map<String, Object> conf = new HashMap<>();
        for (String name : clientProperties.stringPropertyNames()) {
            if (names.contains(name)) {
                conf.put(name, clientProperties.getProperty(name));
            }
        }
        return conf;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    private static String origin(String topic, String partition, String offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
