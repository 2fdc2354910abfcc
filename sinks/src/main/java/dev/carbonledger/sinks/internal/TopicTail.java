package dev.carbonledger.sinks.internal;

import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading loop the sinks share: one consumer on one thread, no consumer group (manual assignment, nothing
 * committed), {@code read_committed} (Streams writes with exactly-once), partitions of topics that appear later picked
 * up every refresh interval, and "caught up" once the partitions a subclass waits for have been read to the end
 * offsets they had. Subclasses say which partitions to follow from where ({@link #refresh}) and what a record means
 * ({@link #dispatch}). A failed step is logged and retried after a second; {@link #stop()} ends the loop.
 */
public abstract class TopicTail implements Runnable {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicTail.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REGISTRY_RETRY = Duration.ofSeconds(2);
    /** Bound of every metadata and offset call. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Duration refreshInterval;
    private final Set<TopicPartition> known = new HashSet<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private boolean refreshedOnce;
    private long nextRefreshNanos;
    /** The consumer; subclasses position what they assign. */
    protected final KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param name     what reads, in log lines ({@code exporter}, {@code policy})
     * @param clientId the consumer's client id unless {@code kafkaProperties} sets one
     */
    protected TopicTail(String name, String bootstrapServers, Map<String, Object> kafkaProperties, String clientId,
                        Duration refreshInterval) {
        this.name = name;
        this.refreshInterval = refreshInterval;
        this.consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers, kafkaProperties, clientId),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The settings of a consumer that reads without a group, committed records only. */
    public static Map<String, Object> consumerProperties(String bootstrapServers, Map<String, Object> kafkaProperties,
                                                         String clientId) {
        Map<String, Object> p = new HashMap<>(kafkaProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    /** Every refresh interval: pick up new partitions ({@link #newPartitions}, {@link #assign}) and refresh the rest. */
    protected abstract void refresh();

    /** One record of an assigned partition. */
    protected abstract void dispatch(ConsumerRecord<byte[], byte[]> record);

    /** Called once, when every partition waited for ({@link #awaitEnd}) has been read to its end. */
    protected abstract void onCaughtUp(Map<TopicPartition, Long> endOffsets);

    /** Called when the loop ends, after the consumer was closed. */
    protected void onClose() {}

    public final boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    public final void run() {
        try {
            while (running) {
                try {
                    step();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    LOGGER.warn("event={}_read_failed error=\"{}\"", name, e.toString(), e);
                    sleepQuietly(Duration.ofSeconds(1));
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            onClose();
            LOGGER.info("event={}_follower_stopped", name);
        }
    }

    public final void stop() {
        running = false;
        consumer.wakeup();
    }

    private void step() {
        if (System.nanoTime() - nextRefreshNanos >= 0) {
            refresh();
            refreshedOnce = true;
            nextRefreshNanos = System.nanoTime() + refreshInterval.toNanos();
        }
        if (!assigned.isEmpty()) {
            dispatchAll(consumer.poll(POLL));
        } else {
            sleepQuietly(POLL);
        }
        checkCaughtUp();
    }

    /**
     * Dispatches a poll's records. While the schema registry is unavailable, the record that needed it and every
     * record after it are put back (by seeking) and read again after a pause: a follower never skips a record for it.
     */
    private void dispatchAll(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(tp);
            for (ConsumerRecord<byte[], byte[]> record : inPartition) {
                try {
                    dispatch(record);
                } catch (RuntimeException e) {
                    if (!SchemaRegistryException.unavailableIn(e)) {
                        throw e;
                    }
                    Rewind.from(consumer, records, tp, record.offset());
                    LOGGER.warn("event={}_schema_registry_unavailable topic={} partition={} offset={} action=retry_in_{}ms "
                            + "consequence=\"records wait; none is skipped\" error=\"{}\"", name, record.topic(),
                            record.partition(), record.offset(), REGISTRY_RETRY.toMillis(), e.getMessage());
                    sleepQuietly(REGISTRY_RETRY);
                    return;
                }
            }
        }
    }

    /** The topic's partitions not seen before (none while the topic does not exist); from now on they are known. */
    protected final List<TopicPartition> newPartitions(String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, CALL_TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOGGER.debug("event=topic_lookup_timeout reader={} topic={}", name, topic);
            return List.of();
        }
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (known.add(tp)) {
                    out.add(tp);
                }
            }
        }
        return out;
    }

    /** Adds partitions to the assignment, read from the beginning unless the caller seeks them elsewhere. */
    protected final void assign(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        assigned.addAll(partitions);
        consumer.assign(assigned);
        // Never seekToBeginning with an empty collection: that means every assigned partition.
        consumer.seekToBeginning(partitions);
    }

    /** Waits, before calling itself caught up, until these partitions are read to their end offsets of now. */
    /**
     * Positions {@code partitions} at their first record at or after {@code sinceMillis}, or at their end where there is
     * none (a lookback, not a replay of the whole topic).
     */
    protected final void seekToTime(List<TopicPartition> partitions, long sinceMillis) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, sinceMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, CALL_TIMEOUT);
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            if (at == null) {
                toEnd.add(tp);
            } else {
                consumer.seek(tp, at.offset());
            }
        }
        if (!toEnd.isEmpty()) {
            consumer.seekToEnd(toEnd);
        }
    }

    protected final void awaitEnd(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            catchUpTargets.putAll(consumer.endOffsets(partitions, CALL_TIMEOUT));
        }
    }

    /** Whether the first refresh has run (what exists then gates being caught up). */
    protected final boolean refreshedOnce() {
        return refreshedOnce;
    }

    protected final int assignedCount() {
        return assigned.size();
    }

    private void checkCaughtUp() {
        if (caughtUp || !refreshedOnce) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> e : catchUpTargets.entrySet()) {
            if (consumer.position(e.getKey(), CALL_TIMEOUT) < e.getValue()) {
                return;
            }
        }
        caughtUp = true;
        onCaughtUp(Map.copyOf(catchUpTargets));
    }

    protected static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
