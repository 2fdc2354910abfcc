package dev.carbonledger.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server settings that make a one-node KRaft cluster behave: every internal topic with replication 1 and
 * a minimum ISR of 1, few partitions, no initial rebalance delay, and fast broker heartbeats. Shared by
 * {@link EmbeddedKafkaBroker} and the test kit in test-support so both run the same broker.
 *
 * <p>Keys are spelled out here because their constant classes (group, transaction and share coordinator
 * modules) are only runtime dependencies of the broker jar.
 */
public final class SingleNodeSettings {

    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_PARTITIONS = "offsets.topic.num.partitions";
    public static final String TRANSACTION_TOPIC_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_TOPIC_MIN_ISR = "transaction.state.log.min.isr";
    public static final String TRANSACTION_TOPIC_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String SHARE_STATE_TOPIC_REPLICATION_FACTOR =
            "share.coordinator.state.topic.replication.factor";
    public static final String SHARE_STATE_TOPIC_MIN_ISR = "share.coordinator.state.topic.min.isr";
    public static final String SHARE_STATE_TOPIC_PARTITIONS = "share.coordinator.state.topic.num.partitions";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String BROKER_HEARTBEAT_INTERVAL_MS = "broker.heartbeat.interval.ms";
    public static final String BROKER_SESSION_TIMEOUT_MS = "broker.session.timeout.ms";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";

    /** Cleaner dedupe buffer: 8 MB instead of 128 MB, plenty for the compacted topics of one laptop. */
    static final long DEDUPE_BUFFER_BYTES = 8L * 1024 * 1024;

    private SingleNodeSettings() {
    }

    /**
     * The single-node server properties.
     *
     * @param partitions partitions of the offsets, transaction-state and share-state topics, and the default
     *                   for auto-created topics
     * @return an ordered, modifiable copy
     */
    public static Map<String, String> serverProperties(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        String p = Integer.toString(partitions);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(OFFSETS_TOPIC_REPLICATION_FACTOR, "1");
        props.put(OFFSETS_TOPIC_PARTITIONS, p);
        props.put(TRANSACTION_TOPIC_REPLICATION_FACTOR, "1");
        // The default (2) makes every transactional producer fail on one node.
        props.put(TRANSACTION_TOPIC_MIN_ISR, "1");
        props.put(TRANSACTION_TOPIC_PARTITIONS, p);
        props.put(SHARE_STATE_TOPIC_REPLICATION_FACTOR, "1");
        props.put(SHARE_STATE_TOPIC_MIN_ISR, "1");
        props.put(SHARE_STATE_TOPIC_PARTITIONS, p);
        // Without this the first consumer group join waits 3 s for more members that never come.
        props.put(GROUP_INITIAL_REBALANCE_DELAY_MS, "0");
        // A restart after kill -9 waits for the old session to expire: 3 s instead of 9 s.
        props.put(BROKER_HEARTBEAT_INTERVAL_MS, "500");
        props.put(BROKER_SESSION_TIMEOUT_MS, "3000");
        props.put(NUM_PARTITIONS, p);
        props.put(DEFAULT_REPLICATION_FACTOR, "1");
        props.put(MIN_INSYNC_REPLICAS, "1");
        props.put(LOG_CLEANER_DEDUPE_BUFFER_SIZE, Long.toString(DEDUPE_BUFFER_BYTES));
        return props;
    }
}
