package dev.carbonledger.collectors.publisher;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final AtomicLong notSentWhileBuffering = new AtomicLong();

    /** Default of {@link #CollectorPublisher(Producer, TopicNames, CollectorSerializers, Clock, int)}. */
    public static final int DEFAULT_BUFFER_SAMPLES = 50_000;
    private final SampleBuffer buffer;
    private final AtomicInteger samplesInFlight = new AtomicInteger();
    private final Set<String> failedPods = ConcurrentHashMap.newKeySet();
    /** Guarded by buffer. */
    private boolean buffering;
    private Instant bufferingSince;
    private long mergedAtStart;
    private long droppedLogged;
    private final AtomicLong functionalUnits = new AtomicLong();

    public CollectorPublisher(Producer<String, byte[]> producer, TopicNames topics, CollectorSerializers serializers,
            Clock clock) {
        this(producer, topics, serializers, clock, DEFAULT_BUFFER_SAMPLES);
    }

    /**
     * @param bufferSamples how many energy readings to keep while Kafka is unreachable before merging readings
     *     of the same series (see {@link SampleBuffer})
     */
    public CollectorPublisher(Producer<String, byte[]> producer, TopicNames topics, CollectorSerializers serializers,
            Clock clock, int bufferSamples) {
        this.buffer = new SampleBuffer(bufferSamples);
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
        return create(kafkaProperties, topics, serializers, clock, DEFAULT_BUFFER_SAMPLES);
    }

    /** As {@link #create(Map, TopicNames, CollectorSerializers, Clock)}, with a buffer of {@code bufferSamples}. */
    public static CollectorPublisher create(Map<String, ?> kafkaProperties, TopicNames topics,
            CollectorSerializers serializers, Clock clock, int bufferSamples) {
        return new CollectorPublisher(
                new KafkaProducer<>(producerConfig(kafkaProperties), new StringSerializer(), new ByteArraySerializer()),
                topics, serializers, clock, bufferSamples);
    }

    /** The producer settings {@link #create} uses: the project defaults overlaid with {@code overrides}. */
    public static Map<String, Object> producerConfig(Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "carbon-ledger-collector");
        // A send waits this long for metadata when the broker is unreachable; it runs on the energy poll thread.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putAll(overrides);
        if (!config.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("Kafka producer settings need '" + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + "' (set CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS)");
        }
        return config;
    }

    /**
     * Sends an energy reading, or buffers it while Kafka is unreachable. A reading whose send fails (the broker
     * did not acknowledge it within {@code delivery.timeout.ms}) goes back to the buffer and the publisher enters
     * buffered mode: new readings wait in the buffer, which is offered to the producer again whenever the
     * previous attempt has completed, until one is acknowledged.
     */
    public void publish(EnergySample sample) {
        boolean send;
        synchronized (buffer) {
            buffer.add(sample);
            send = !buffering;
        }
        // While buffering, one attempt per poll (drainSamples, called by the collector), not one per reading.
        if (send) {
            drainSamples();
        }
    }

    /** Offers the buffered readings to the producer unless a buffered-mode attempt is still in flight. */
    public void drainSamples() {
        List<EnergySample> pending;
        synchronized (buffer) {
            if (buffer.size() == 0 || (buffering && samplesInFlight.get() > 0)) {
                return;
            }
            logBufferProgress();
            pending = buffer.drain();
        }
        for (int i = 0; i < pending.size(); i++) {
            if (!sendSample(pending.get(i))) {
                // Failed at once (no metadata, producer closed): keep the rest for the next attempt.
                requeue(pending.subList(i + 1, pending.size()));
                return;
            }
        }
    }

    /** Sends one reading; false when the send failed synchronously. */
    private boolean sendSample(EnergySample sample) {
        String topic = topics.samples();
        byte[] bytes;
        try {
            bytes = serializers.samples().serialize(topic, sample);
        } catch (RuntimeException e) {
            if (SchemaRegistryException.unavailableIn(e)) {
                // Not the reading's fault: it waits in the buffer, as while Kafka is unreachable.
                requeue(List.of(sample));
                enterBuffering(e);
                return false;
            }
            failed.incrementAndGet();
            LOGGER.error("event=serialize_failed topic={} key={} reason={}", topic, sample.getPodUid(), e.toString(), e);
            return true;
        }
        samplesInFlight.incrementAndGet();
        boolean[] failedNow = {false};
        Thread caller = Thread.currentThread();
        try {
            producer.send(new ProducerRecord<>(topic, null, sample.getTimestamp().toEpochMilli(), sample.getPodUid(),
                    bytes), (metadata, error) -> {
                        samplesInFlight.decrementAndGet();
                        if (error == null) {
                            samples.incrementAndGet();
                            synchronized (buffer) {
                                buffer.delivered(sample);
                            }
                            leaveBuffering();
                        } else {
                            failed.incrementAndGet();
                            if (Thread.currentThread() == caller) {
                                failedNow[0] = true;
                            }
                            requeue(List.of(sample));
                            enterBuffering(error);
                        }
                    });
        } catch (KafkaException e) {
            samplesInFlight.decrementAndGet();
            failed.incrementAndGet();
            requeue(List.of(sample));
            enterBuffering(e);
            return false;
        }
        return !failedNow[0];
    }

    private void requeue(List<EnergySample> readings) {
        synchronized (buffer) {
            readings.forEach(buffer::add);
        }
    }

    private void enterBuffering(Exception reason) {
        synchronized (buffer) {
            if (buffering) {
                return;
            }
            buffering = true;
            bufferingSince = clock.instant();
            mergedAtStart = buffer.merged();
        }
        LOGGER.warn("event={} action=buffering bufferCapacity={} reason=\"{}\" consequence=\"energy "
                + "readings wait in memory; when the buffer is full, readings of a series are merged into its latest "
                + "(counters are cumulative: resolution is lost, energy is not)\"",
                SchemaRegistryException.unavailableIn(reason) ? "schema_registry_unreachable" : "kafka_unreachable",
                buffer.capacity(), reason.toString());
    }

    private void leaveBuffering() {
        long merged;
        long dropped;
        Instant since;
        synchronized (buffer) {
            if (!buffering) {
                return;
            }
            buffering = false;
            merged = buffer.merged() - mergedAtStart;
            dropped = buffer.dropped();
            since = bufferingSince;
        }
        LOGGER.info("event=kafka_reachable action=sending_buffer bufferedFor={} mergedReadings={} droppedReadingsTotal={} "
                + "referenceRecordsNotSent={}", Duration.between(since, clock.instant()), merged, dropped,
                notSentWhileBuffering.getAndSet(0));
        // The rest of the buffer goes at the next drain, from the poll thread: never send from a producer callback.
    }

    /** Guarded by buffer. */
    private void logBufferProgress() {
        if (buffer.dropped() > droppedLogged) {
            LOGGER.error("event=buffer_overflow droppedReadings={} capacity={} consequence=\"more series than the "
                    + "buffer holds even merged: energy between dropped readings may be lost; raise "
                    + "CARBON_LEDGER_COLLECTOR_BUFFER_SAMPLES\"", buffer.dropped() - droppedLogged, buffer.capacity());
            droppedLogged = buffer.dropped();
        }
    }

    /** True while Kafka is unreachable and readings are being buffered. */
    public boolean buffering() {
        synchronized (buffer) {
            return buffering;
        }
    }

    /** Energy readings waiting in the buffer. */
    public int bufferedSamples() {
        synchronized (buffer) {
            return buffer.size();
        }
    }

    /** Readings merged into a later reading of their series while buffering, since start. */
    public long mergedSamples() {
        synchronized (buffer) {
            return buffer.merged();
        }
    }

    public void publish(PodMetadata pod) {
        send(topics.pods(), pod.getPodUid(), clock.millis(), serializers.pods(), pod, pods);
    }

    /** Uids of pods whose metadata could not be delivered since the last call, to be published again. */
    public Set<String> takeFailedPods() {
        Set<String> taken = new HashSet<>(failedPods);
        failedPods.removeAll(taken);
        return taken;
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

    /** The producer's own metrics (send rate, errors, latency). */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> kafkaMetrics() {
        return producer.metrics();
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
        int left = bufferedSamples();
        if (left > 0) {
            LOGGER.warn("event=buffer_not_sent readings={} consequence=\"none for energy: counters are cumulative and "
                    + "the next run's readings carry it (with CARBON_LEDGER_COLLECTOR_STATE_FILE set)\"", left);
        }
        try {
            producer.close(Duration.ofSeconds(10));
        } finally {
            serializers.closeAll();
        }
    }

    private <V> void send(String topic, String key, long timestamp, Serializer<V> serializer, V value,
            AtomicLong acknowledged) {
        if (buffering()) {
            // Kafka is known to be unreachable: a send would block max.block.ms on the poll thread for nothing.
            // Pods are published again once it is back; nodes are republished every NODE_INTERVAL.
            failed.incrementAndGet();
            notSentWhileBuffering.incrementAndGet();
            if (value instanceof PodMetadata) {
                failedPods.add(key);
            }
            return;
        }
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
                    if (value instanceof PodMetadata) {
                        failedPods.add(key);
                    }
                    LOGGER.warn("event=send_failed topic={} key={} reason={}", topic, key, error.toString());
                }
            });
        } catch (KafkaException e) {
            failed.incrementAndGet();
            if (value instanceof PodMetadata) {
                failedPods.add(key);
            }
            LOGGER.error("event=send_failed topic={} key={} reason={}", topic, key, e.toString());
        }
    }
}
