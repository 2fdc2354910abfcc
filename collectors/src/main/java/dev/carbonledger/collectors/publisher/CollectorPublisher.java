package dev.carbonledger.collectors.publisher;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.schemas.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes collector records to their topics (DESIGN section 3): samples keyed by pod uid with the sample's
 * own time as record timestamp; pod metadata keyed by pod uid, node info by node, intensity records and
 * forecasts by zone, all stamped with the publish time (forecast points lie in the future, and brokers
 * reject record timestamps too far ahead). Values are serialized here with the caller's serializers, so one
 * producer carries every type. Sends are asynchronous; acknowledged records are counted per kind.
 * Thread-safe.
 */
public final class CollectorPublisher implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(CollectorPublisher.class);

    private final Producer<String, byte[]> producer;
    private final TopicNames topics;
    private final CollectorSerializers serializers;
    private final Clock clock;
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong pods = new AtomicLong();
    private final AtomicLong nodes = new AtomicLong();
    private final AtomicLong intensity = new AtomicLong();
    private final AtomicLong forecasts = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong functionalUnits = new AtomicLong();

    public CollectorPublisher(Producer<String, byte[]> producer, TopicNames topics, CollectorSerializers serializers,
            Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.serializers = Objects.requireNonNull(serializers, "serializers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A publisher over a new {@link KafkaProducer}: idempotent, {@code acks=all}, lz4, {@code linger.ms=20}.
     * {@code kafkaProperties} must hold {@code bootstrap.servers} and may override any producer setting.
     */
    public static CollectorPublisher create(Map<String, ?> kafkaProperties, TopicNames topics,
            CollectorSerializers serializers, Clock clock) {
        return new CollectorPublisher(
                new KafkaProducer<>(producerConfig(kafkaProperties), new StringSerializer(), new ByteArraySerializer()),
                topics, serializers, clock);
    }

    /** The producer settings {@link #create} uses: the project defaults overlaid with {@code overrides}. */
    public static Map<String, Object> producerConfig(Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "carbon-ledger-collector");
        config.putAll(overrides);
        if (!config.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("Kafka producer settings need '" + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + "' (set CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS)");
        }
        return config;
    }

    public void publish(EnergySample sample) {
        send(topics.samples(), sample.getPodUid(), sample.getTimestamp().toEpochMilli(), serializers.samples(), sample,
                samples);
    }

    public void publish(PodMetadata pod) {
        send(topics.pods(), pod.getPodUid(), clock.millis(), serializers.pods(), pod, pods);
    }

    /** A tombstone on the compacted pods topic: the pod is gone and its metadata may be compacted away. */
    public void publishPodDeleted(String podUid) {
        send(topics.pods(), podUid, clock.millis(), serializers.pods(), null, pods);
    }

    public void publish(NodeInfo node) {
        send(topics.nodes(), node.getNode(), clock.millis(), serializers.nodes(), node, nodes);
    }

    public void publish(IntensityRecord record) {
        send(topics.intensity(), record.getZone(), clock.millis(), serializers.intensity(), record, intensity);
    }

    public void publish(IntensityForecast forecast) {
        send(topics.intensityForecasts(), forecast.getZone(), clock.millis(), serializers.forecasts(), forecast,
                forecasts);
    }

    /** A functional-unit counter reading (key = model), stamped with its reading time as energy samples are. */
    public void publish(FunctionalUnitSample sample) {
        send(topics.functionalUnits(), sample.getModel(), sample.getTimestamp().toEpochMilli(),
                serializers.functionalUnits(), sample, functionalUnits);
    }

    /** Functional-unit readings acknowledged by the broker so far. */
    public long functionalUnitsPublished() {
        return functionalUnits.get();
    }

    /** Blocks until every record sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    public PublisherStats stats() {
        return new PublisherStats(samples.get(), pods.get(), nodes.get(), intensity.get(), forecasts.get(),
                failed.get());
    }

    public TopicNames topics() {
        return topics;
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        } finally {
            serializers.closeAll();
        }
    }

    private <V> void send(String topic, String key, long timestamp, Serializer<V> serializer, V value,
            AtomicLong acknowledged) {
        byte[] bytes;
        try {
            bytes = value == null ? null : serializer.serialize(topic, value);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOGGER.error("event=serialize_failed topic={} key={} reason={}", topic, key, e.toString(), e);
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, bytes), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    LOGGER.warn("event=send_failed topic={} key={} reason={}", topic, key, error.toString());
                }
            });
        } catch (KafkaException e) {
            failed.incrementAndGet();
            LOGGER.error("event=send_failed topic={} key={} reason={}", topic, key, e.toString());
        }
    }
}
