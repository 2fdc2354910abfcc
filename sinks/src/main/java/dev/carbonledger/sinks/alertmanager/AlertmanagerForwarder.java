package dev.carbonledger.sinks.alertmanager;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.sinks.internal.Rewind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards pipeline alert events ({@code AlertEvent} on the alerts topic) to Alertmanager's v2 API.
 *
 * <ul>
 *   <li>Each new event is posted at once: FIRING with {@code endsAt} a few resend intervals ahead, RESOLVED with
 *       its {@code endsAt} (or now).</li>
 *   <li>Firing alerts are re-posted every resend interval, so Alertmanager keeps them active.</li>
 *   <li>Failed posts are retried with exponential backoff; offsets are committed only after a post was
 *       accepted, so nothing is lost across a restart.</li>
 *   <li>No duplicates after a restart: on assignment the firing set is rebuilt by reading the partition from
 *       its beginning up to the committed offset, without posting; only what comes after is posted as new, and
 *       the rebuilt firing set is simply re-sent (Alertmanager de-duplicates by labels).</li>
 * </ul>
 * A post that every Alertmanager rejects as invalid (4xx other than 408/429) is logged, counted and skipped, so
 * that one bad event cannot stop the forwarder.
 */
public final class AlertmanagerForwarder implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(AlertmanagerForwarder.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REGISTRY_RETRY = Duration.ofSeconds(2);

    private final ForwarderConfig config;
    private final ConfluentAvroDeserializer<AlertEvent> deserializer;
    private final AlertmanagerClient client;
    private final FiringSet firing = new FiringSet();
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile int firingCount;
    private volatile boolean running;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private long nextResendNanos;

    public AlertmanagerForwarder(ForwarderConfig config, SchemaRegistryClient registryClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.deserializer = new ConfluentAvroDeserializer<>(Objects.requireNonNull(registryClient, "registryClient"),
                AlertEvent.class);
        this.client = new AlertmanagerClient(config.alertmanagers(), config.requestTimeout(), config.resendInterval());
    }

    /** Joins the consumer group and starts forwarding on a background thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("forwarder already started");
        }
        consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "carbon-ledger-alertmanager-forwarder");
        thread.setDaemon(true);
        thread.start();
        LOGGER.info("event=forwarder_started config=\"{}\"", config);
    }

    /** Alerts currently known to be firing (after the rebuild and every new event). */
    public int firingCount() {
        return firingCount;
    }

    /** Posts accepted by an Alertmanager (new events and re-sends). */
    public long postedCount() {
        return posted.get();
    }

    /** Post attempts that failed and were retried. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Events skipped because every Alertmanager rejected them as invalid, or because they could not be decoded. */
    public long skippedCount() {
        return rejected.get() + undecodable.get();
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        LOGGER.info("event=forwarder_stopped posted={} failed_attempts={}", posted.get(), failedAttempts.get());
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> p = new HashMap<>(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "carbon-ledger-alertmanager-forwarder");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(config.topics().alerts()), new Rebuild());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty() && !forward(records)) {
                    return;
                }
                resendIfDue();
            }
        } catch (WakeupException | InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
            if (running) {
                LOGGER.error("event=forwarder_interrupted", e);
            }
        } catch (RuntimeException e) {
            LOGGER.error("event=forwarder_failed error=\"{}\"", e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Posts the new events, then commits. Returns false if stopped before they were delivered. */
    private boolean forward(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<AlertEvent> batch = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        RuntimeException registryDown = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            AlertEvent event;
            try {
                event = decode(record);
            } catch (RuntimeException e) {
                registryDown = e;   // the rest of the batch waits for the registry; nothing is skipped
                break;
            }
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            if (event != null) {
                firing.apply(event, record.partition());
                batch.add(event);
            }
        }
        firingCount = firing.size();
        if (!postWithRetry(batch)) {
            return false;
        }
        consumer.resume(consumer.paused());
        try {
            consumer.commitSync(next);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partitions moved to another instance meanwhile: it re-delivers from the last commit (at least
            // once; Alertmanager de-duplicates identical alerts).
            LOGGER.warn("event=commit_failed_after_rebalance offsets={} error=\"{}\"", next, e.getMessage());
        }
        if (registryDown != null) {
            for (TopicPartition tp : records.partitions()) {
                OffsetAndMetadata done = next.get(tp);
                consumer.seek(tp, done != null ? done.offset() : records.records(tp).get(0).offset());
            }
            LOGGER.warn("event=schema_registry_unavailable action=retry_in_{}ms consequence=\"alerts wait; none is "
                    + "skipped\" error=\"{}\"", REGISTRY_RETRY.toMillis(), registryDown.getMessage());
            waitPolling(REGISTRY_RETRY);
            consumer.resume(consumer.paused());
        }
        return true;
    }

    /**
     * Waits out a backoff while still polling (partitions paused), so that a long Alertmanager outage does not
     * exceed max.poll.interval.ms and cost the group membership. Records from partitions assigned meanwhile
     * (not paused) are put back by seeking to them, to be read after the retry.
     */
    private void waitPolling(Duration backoff) {
        long end = System.nanoTime() + backoff.toNanos();
        while (running && System.nanoTime() - end < 0) {
            consumer.pause(consumer.assignment());
            long leftMillis = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(Duration.ofMillis(Math.min(leftMillis, 200)));
            for (TopicPartition tp : unexpected.partitions()) {
                consumer.seek(tp, unexpected.records(tp).get(0).offset());
            }
        }
    }

    private void resendIfDue() throws InterruptedException {
        if (System.nanoTime() - nextResendNanos < 0) {
            return;
        }
        List<AlertEvent> alerts = firing.alerts();
        try {
            client.post(alerts, config.clock().instant());
            if (!alerts.isEmpty()) {
                posted.incrementAndGet();
            }
            nextResendNanos = System.nanoTime() + config.resendInterval().toNanos();
        } catch (AlertmanagerClient.DeliveryException e) {
            failedAttempts.incrementAndGet();
            LOGGER.warn("event=resend_failed alerts={} error=\"{}\"", alerts.size(), e.getMessage());
            nextResendNanos = System.nanoTime() + config.initialBackoff().toNanos();
        }
    }

    private boolean postWithRetry(List<AlertEvent> batch) throws InterruptedException {
        Duration backoff = config.initialBackoff();
        while (running) {
            try {
                client.post(batch, config.clock().instant());
                if (!batch.isEmpty()) {
                    posted.incrementAndGet();
                }
                return true;
            } catch (AlertmanagerClient.DeliveryException e) {
                if (!e.retriable()) {
                    rejected.addAndGet(batch.size());
                    LOGGER.error("event=alerts_rejected alerts={} error=\"{}\" action=skipped", batch.size(),
                            e.getMessage());
                    return true;
                }
                failedAttempts.incrementAndGet();
                LOGGER.warn("event=post_failed alerts={} retry_in_ms={} error=\"{}\"", batch.size(), backoff.toMillis(),
                        e.getMessage());
                waitPolling(backoff);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(config.maxBackoff()) > 0) {
                    backoff = config.maxBackoff();
                }
            }
        }
        return false;
    }

    /** The event, or null for a record that cannot be decoded (skipped); throws while the registry is unavailable. */
    private AlertEvent decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            if (SchemaRegistryException.unavailableIn(e)) {
                throw e;
            }
            undecodable.incrementAndGet();
            LOGGER.error("event=alert_undecodable topic={} partition={} offset={} error=\"{}\" action=skipped",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    /** Rebuilds the firing set of newly assigned partitions from their history up to the committed offset. */
    private final class Rebuild implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            firing.dropPartitions(partitions.stream().map(TopicPartition::partition).toList());
            firingCount = firing.size();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> upTo = new HashMap<>();
            committed.forEach((tp, om) -> {
                if (om != null && om.offset() > 0) {
                    upTo.put(tp, om.offset());
                }
            });
            int replayed = upTo.isEmpty() ? 0 : replay(upTo);
            firingCount = firing.size();
            nextResendNanos = System.nanoTime();
            LOGGER.info("event=firing_set_rebuilt partitions={} replayed={} firing={}", partitions.size(), replayed,
                    firing.size());
        }

        private int replay(Map<TopicPartition, Long> upTo) {
            Map<String, Object> p = consumerProperties();
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, p.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-rebuild");
            int replayed = 0;
            try (KafkaConsumer<byte[], byte[]> history =
                    new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                history.assign(upTo.keySet());
                history.seekToBeginning(upTo.keySet());
                Set<TopicPartition> pending = new HashSet<>(upTo.keySet());
                long deadline = System.nanoTime() + REBUILD_TIMEOUT.toNanos();
                while (!pending.isEmpty() && System.nanoTime() - deadline < 0) {
                    ConsumerRecords<byte[], byte[]> records = history.poll(POLL);
                    partitions:
                    for (TopicPartition tp : records.partitions()) {
                        for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                            if (record.offset() >= upTo.get(tp)) {
                                continue;
                            }
                            AlertEvent event;
                            try {
                                event = decode(record);
                            } catch (RuntimeException registryDown) {
                                // Read this record and the rest of the poll again once the registry answers.
                                Rewind.from(history, records, tp, record.offset());
                                LOGGER.warn("event=firing_set_rebuild_waiting topic={} partition={} offset={} "
                                        + "retryIn={} error=\"{}\"", record.topic(), record.partition(), record.offset(),
                                        REGISTRY_RETRY, registryDown.getMessage());
                                try {
                                    Thread.sleep(REGISTRY_RETRY.toMillis());
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return replayed;
                                }
                                break partitions;
                            }
                            if (event != null) {
                                firing.apply(event, record.partition());
                                replayed++;
                            }
                        }
                    }
                    pending.removeIf(tp -> history.position(tp) >= upTo.get(tp));
                }
                if (!pending.isEmpty()) {
                    LOGGER.warn("event=firing_set_rebuild_incomplete partitions={}", pending);
                }
            }
            return replayed;
        }
    }
}
