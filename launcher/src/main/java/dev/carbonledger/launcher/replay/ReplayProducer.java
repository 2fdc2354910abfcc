package dev.carbonledger.launcher.replay;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces replay records with the pipeline's keys (pod uid, node, zone) and serdes. Idempotent and ordered per
 * partition, so per-series file order and intensity arrival order survive the trip; a failed send fails the replay.
 */
final class ReplayProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final TopicNames topics;
    private final Serializer<EnergySample> samples;
    private final Serializer<PodMetadata> pods;
    private final Serializer<NodeInfo> nodes;
    private final Serializer<IntensityRecord> intensity;
    private final Serializer<Budget> budgets;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onCompletion = (metadata, exception) -> {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    };

    /**
     * @param firstWriter true for the producer that writes first into freshly created topics: one batch in flight.
     *     A partition's leader can still be settling on the broker when the metadata already names it; with several
     *     batches in flight the first may be refused while later ones land, and its retry then never fits the
     *     partition's sequence. One in flight, the refused batch is simply retried first.
     */
    ReplayProducer(Properties client, SchemaRegistryClient registry, TopicNames topics, boolean firstWriter) {
        Properties p = new Properties();
        p.putAll(client);
        if (firstWriter) {
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        }
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.samples = serializer(registry, EnergySample.class);
        this.pods = serializer(registry, PodMetadata.class);
        this.nodes = serializer(registry, NodeInfo.class);
        this.intensity = serializer(registry, IntensityRecord.class);
        this.budgets = serializer(registry, Budget.class);
    }

    private static <T extends SpecificRecord> Serializer<T> serializer(SchemaRegistryClient registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, type, false).serializer();
    }

    void sample(EnergySample s) {
        send(topics.samples(), s.getPodUid(), s.getTimestamp().toEpochMilli(), samples.serialize(topics.samples(), s));
    }

    void pod(PodMetadata pod) {
        send(topics.pods(), pod.getPodUid(), null, pods.serialize(topics.pods(), pod));
    }

    void node(NodeInfo node) {
        send(topics.nodes(), node.getNode(), null, nodes.serialize(topics.nodes(), node));
    }

    void intensity(IntensityRecord record) {
        send(topics.intensity(), record.getZone(), null, intensity.serialize(topics.intensity(), record));
    }

    void budget(Budget budget) {
        send(topics.budgets(), budget.getTeam(), null, budgets.serialize(topics.budgets(), budget));
    }

    private void send(String topic, String key, Long timestamp, byte[] value) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), onCompletion);
    }

    void flush() {
        producer.flush();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("producing replay input failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
