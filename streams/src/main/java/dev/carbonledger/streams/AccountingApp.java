package dev.carbonledger.streams;

import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.internal.DeadLetters;
import dev.carbonledger.streams.internal.ReferenceDeadLetters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting topology running in a {@link KafkaStreams} client with exactly-once v2, the built-in
 * dead-letter queue and loud failure ({@code SHUTDOWN_CLIENT}) on anything unexpected.
 *
 * <p>Topics: the input and output topics of {@link dev.carbonledger.schemas.topics.TopicNames} must exist
 * (create them with {@code TopicNames.all(partitions)}); internal topics are created by Kafka Streams.
 */
public final class AccountingApp implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(AccountingApp.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * After the last flush, time for its records to leave the producer (linger 5 ms) and reach the broker: from
     * then on an open transaction shows on the partials topic until it is committed.
     */
    /** How long a stream thread that could not reach the schema registry waits before its replacement starts. */
    private static final Duration REGISTRY_RETRY_PAUSE = Duration.ofSeconds(3);
    private static final Duration FLUSH_SETTLE = Duration.ofSeconds(1);

    private final AccountingOptions options;
    private final String applicationId;
    private final Properties properties;
    private final AccountingMetrics metrics = new AccountingMetrics();
    private final KafkaStreams streams;
    private final ReferenceDeadLetters referenceDeadLetters;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Admin admin;
    private volatile java.util.function.Consumer<String> onError;

    /**
     * @param kafkaProperties at least {@code bootstrap.servers}; any other Kafka Streams / client setting
     *                        overrides the defaults chosen here
     * @param numThreads      stream threads ({@code num.stream.threads})
     * @param commitInterval  {@code commit.interval.ms}; with exactly-once the latency floor of every output
     */
    public AccountingApp(AccountingOptions options, AccountingSerdes serdes, Properties kafkaProperties,
                         String applicationId, Path stateDir, int numThreads, Duration commitInterval) {
        this.options = Objects.requireNonNull(options, "options").validate();
        this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
        this.properties = streamsProperties(options, kafkaProperties, applicationId, stateDir, numThreads, commitInterval, metrics);
        TopicNames topics = options.topics();
        this.referenceDeadLetters = new ReferenceDeadLetters(topics.deadLetter(),
                Set.of(topics.pods(), topics.nodes(), topics.intensity()), properties);
        properties.put(ReferenceDeadLetters.CONFIG, referenceDeadLetters);
        Topology topology = AccountingTopology.build(options, serdes, metrics, referenceDeadLetters);
        this.streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(this::onUncaught);
        streams.setStateListener(this::onStateChange);
    }

    private void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
        LOGGER.info("event=state_change app={} from={} to={}", applicationId, before, now);
        if (now == KafkaStreams.State.ERROR) {
            Throwable t = failure.get();
            String reason = "Kafka Streams client " + applicationId + " went from " + before + " to ERROR"
                    + (t == null ? "" : ": " + describe(t));
            java.util.function.Consumer<String> listener = onError;
            if (listener != null) {
                listener.accept(reason);
            }
        }
    }

    /**
     * Called once, from a Kafka Streams thread, when the client goes to ERROR (after an uncaught exception shut it
     * down), with a one-line reason. The launcher exits non-zero from there; library code only reports.
     */
    public void onError(java.util.function.Consumer<String> listener) {
        this.onError = listener;
    }

    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.getClass().getSimpleName() + ": " + t.getMessage());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
        }
        return b.toString();
    }

    /** Convenience constructor with only the bootstrap servers as Kafka settings. */
    public AccountingApp(AccountingOptions options, AccountingSerdes serdes, String bootstrapServers,
                         String applicationId, Path stateDir, int numThreads, Duration commitInterval) {
        this(options, serdes, bootstrap(bootstrapServers), applicationId, stateDir, numThreads, commitInterval);
    }

    private static Properties bootstrap(String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        return p;
    }

    /** The Kafka Streams configuration used (defaults, then {@code kafkaProperties} on top, then the fixed part). */
    public static Properties streamsProperties(AccountingOptions options, Properties kafkaProperties, String applicationId,
                                               Path stateDir, int numThreads, Duration commitInterval,
                                               AccountingMetrics metrics) {
        List<String> errors = new ArrayList<>();
        if (kafkaProperties == null || kafkaProperties.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            errors.add("bootstrap.servers is required");
        }
        if (applicationId == null || applicationId.isBlank()) {
            errors.add("applicationId is required");
        }
        if (stateDir == null) {
            errors.add("stateDir is required");
        }
        if (numThreads < 1) {
            errors.add("numThreads must be >= 1, got " + numThreads);
        }
        if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
            errors.add("commitInterval must be positive, got " + commitInterval);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid accounting app settings: " + String.join("; ", errors));
        }
        Properties p = new Properties();
        p.put(StreamsConfig.producerPrefix("linger.ms"), "5");
        p.put(StreamsConfig.producerPrefix("batch.size"), Integer.toString(256 * 1024));
        // Uncompressed: lz4 costs CPU in the client and again in the broker (it decompresses to validate), and the
        // work is CPU-bound (docs/performance.md). Override with producer.compression.type where bandwidth matters.
        p.put(StreamsConfig.producerPrefix("compression.type"), "none");
        p.put(StreamsConfig.consumerPrefix("max.poll.records"), "2000");
        // No store uses Kafka's record cache (the pre-aggregation store buffers its own changelog writes).
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        // No task needs records of its topics interleaved by time: the samples task that also reads the (one-partition)
        // budgets and transfers topics must not idle on them, nor check their lag before every record. Replay puts
        // every budget in effect before the first sample by waiting for the intake (AccountingApp#awaitConsumed).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        p.putAll(kafkaProperties);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(numThreads));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, options.topics().deadLetter());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Deserialization.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Processing.class.getName());
        p.put(DeadLetters.METRICS_CONFIG, metrics);
        return p;
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable e) {
        boolean globalThread = Thread.currentThread().getName().contains("GlobalStreamThread");
        if (SchemaRegistryException.unavailableIn(e) && !globalThread) {
            // A passing condition: the aborted transaction leaves nothing half-done, so a new thread resumes from
            // the last commit. Paused first, so an outage costs a retry every few seconds, not a busy loop. (Kafka
            // cannot replace the global thread: a reference-topic read fails the client, which exits for a restart.)
            LOGGER.error("event=schema_registry_unavailable app={} thread={} action=REPLACE_THREAD retryIn={} "
                    + "consequence=\"processing waits for the registry; nothing is lost or skipped\" reason=\"{}\"",
                    applicationId, Thread.currentThread().getName(), REGISTRY_RETRY_PAUSE, rootMessage(e));
            try {
                Thread.sleep(REGISTRY_RETRY_PAUSE.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        if (SchemaRegistryException.unavailableIn(e)) {
            e = new IllegalStateException("the schema registry is unavailable while reading the reference topics "
                    + "(pods, nodes, intensity); nothing was skipped, restart once it answers: " + rootMessage(e), e);
        }
        failure.compareAndSet(null, e);
        LOGGER.error("event=accounting_failed app={} action=SHUTDOWN_CLIENT reason=\"{}\"", applicationId, e.getMessage(), e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    public void start() {
        LOGGER.info("event=accounting_starting app={} window={} grace={} options={}", applicationId, options.window(),
                options.grace(), options);
        referenceDeadLetters.start();
        streams.start();
    }

    /**
     * Waits until the client is RUNNING (global stores bootstrapped, tasks assigned).
     *
     * @throws IllegalStateException if it failed or did not get there in time
     */
    public void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            KafkaStreams.State state = streams.state();
            throwIfFailed();
            if (state == KafkaStreams.State.RUNNING) {
                return;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("accounting app " + applicationId + " is " + state + ", not RUNNING");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("accounting app " + applicationId + " not RUNNING after " + timeout
                        + " (state " + state + ")");
            }
            sleep();
        }
    }

    /**
     * Returns once every record that was in the samples and functional-units topics when called has been processed, all partial
     * aggregates of those samples have been flushed and summed, and all of it committed: reading the output topics
     * with {@code read_committed} then shows the final values. Meant for one instance (replay, bench, tests).
     *
     * @throws TimeoutException if that did not happen in time (the message says what is still pending)
     * @throws IllegalStateException if the client failed
     */
    public void awaitDrained(Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin a = admin();
        Map<TopicPartition, Long> samplesEnd = new HashMap<>(endOffsets(a, options.topics().samples()));
        samplesEnd.putAll(endOffsets(a, options.topics().functionalUnits()));
        String pending = "samples";
        while (System.nanoTime() < deadline) {
            throwIfFailed();
            Map<TopicPartition, Long> committed = committedOffsets(a);
            if (streams.state() != KafkaStreams.State.RUNNING) {
                // A task being restored after a rebalance has not registered its progress yet: allFlushed() would not
                // see the partials it still holds.
                pending = "client " + streams.state() + ", not RUNNING";
            } else if (!reached(committed, samplesEnd)) {
                pending = "samples committed " + committed + " < end " + samplesEnd;
            } else if (!metrics.allFlushed()) {
                pending = "pre-aggregates not flushed yet: " + metrics.snapshot();
            } else if (System.currentTimeMillis() < metrics.lastFlushMillis() + FLUSH_SETTLE.toMillis()) {
                pending = "last flush less than " + FLUSH_SETTLE + " ago";
            } else {
                // Order matters: with no transaction open, the end offsets read next include every flushed record.
                String openTransactions = openTransactions(a);
                Map<TopicPartition, Long> repartitionEnd = new HashMap<>();
                if (openTransactions == null) {
                    for (String topic : repartitionTopics()) {
                        repartitionEnd.putAll(endOffsets(a, topic));
                    }
                }
                if (openTransactions != null) {
                    pending = "open transaction on " + openTransactions;
                } else if (!reached(committedOffsets(a), repartitionEnd)) {
                    pending = "repartition topics committed < end " + repartitionEnd;
                } else if (!settled(a, repartitionEnd)) {
                    // A chained stage (the SCI's node shares) may have forwarded in between: look again.
                    pending = "a processor forwarded while checking";
                } else {
                    LOGGER.info("event=drained app={} metrics={}", applicationId, metrics.snapshot());
                    return;
                }
            }
            sleep();
        }
        throw new TimeoutException("accounting app " + applicationId + " not drained after " + timeout + "; pending: " + pending);
    }

    /**
     * The first output or internal topic with a transaction still open (last stable offset below the high
     * watermark), or null. Readers with read_committed stop at the last stable offset, so results are only
     * complete once no transaction of this application is open.
     */
    private String openTransactions(Admin a) {
        List<String> topics = new ArrayList<>(List.of(options.topics().teamWindows(), options.topics().modelWindows(),
                options.topics().teamHourly(), options.topics().totals(), options.topics().ledger(),
                options.topics().budgetStatus(), options.topics().alerts(), options.topics().policy(),
                options.topics().sci()));
        topics.addAll(repartitionTopics());
        for (String topic : topics) {
            Map<TopicPartition, Long> stable = endOffsets(a, topic, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> high = endOffsets(a, topic, IsolationLevel.READ_UNCOMMITTED);
            if (!stable.equals(high)) {
                return topic + " (stable " + stable + " < high watermark " + high + ")";
            }
        }
        return null;
    }

    /** Nothing pending, no transaction open and the repartition ends unchanged since {@code repartitionEnd} was read. */
    private boolean settled(Admin a, Map<TopicPartition, Long> repartitionEnd) {
        if (streams.state() != KafkaStreams.State.RUNNING || !metrics.allFlushed() || openTransactions(a) != null) {
            return false;
        }
        Map<TopicPartition, Long> again = new HashMap<>();
        for (String topic : repartitionTopics()) {
            again.putAll(endOffsets(a, topic));
        }
        return again.equals(repartitionEnd);
    }

    private List<String> repartitionTopics() {
        return List.of(AccountingTopology.partialsTopic(applicationId), AccountingTopology.budgetInputsTopic(applicationId),
                AccountingTopology.sciNodeEnergyTopic(applicationId), AccountingTopology.sciPartsTopic(applicationId));
    }

    /**
     * Returns once this application has consumed and committed everything that was in the given input topics when
     * called (replay: every budget is in effect before the first sample is produced).
     *
     * @throws TimeoutException naming what is still pending
     */
    public void awaitConsumed(List<String> inputTopics, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin a = admin();
        Map<TopicPartition, Long> end = new HashMap<>();
        for (String topic : inputTopics) {
            end.putAll(endOffsets(a, topic));
        }
        while (System.nanoTime() < deadline) {
            throwIfFailed();
            if (reached(committedOffsets(a), end)) {
                return;
            }
            sleep();
        }
        throw new TimeoutException("accounting app " + applicationId + " did not consume " + inputTopics + " up to " + end
                + " within " + timeout);
    }

    private static boolean reached(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (e.getValue() > 0 && committed.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> endOffsets(Admin a, String topic) {
        return endOffsets(a, topic, IsolationLevel.READ_COMMITTED);
    }

    private Map<TopicPartition, Long> endOffsets(Admin a, String topic, IsolationLevel isolation) {
        try {
            TopicDescription d;
            try {
                d = a.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Map.of();
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> out = new HashMap<>();
            a.listOffsets(request, new ListOffsetsOptions(isolation)).all().get()
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading end offsets of " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read end offsets of " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private Map<TopicPartition, Long> committedOffsets(Admin a) {
        try {
            Map<TopicPartition, OffsetAndMetadata> m = a.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new HashMap<>();
            m.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading committed offsets of " + applicationId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read committed offsets of " + applicationId + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> conf = new HashMap<>();
            for (String k : properties.stringPropertyNames()) {
                if (AdminClientConfig.configNames().contains(k)) {
                    conf.put(k, properties.getProperty(k));
                }
            }
            conf.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationId + "-drain-admin");
            admin = Admin.create(conf);
        }
        return admin;
    }

    private void throwIfFailed() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("accounting app " + applicationId + " failed: " + t.getMessage(), t);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Counters: samples processed, ignored, late pieces, dead-lettered ... */
    public AccountingMetrics metrics() {
        return metrics;
    }

    /** The underlying client (state, Kafka metrics); do not close it directly. */
    public KafkaStreams kafkaStreams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        LOGGER.info("event=accounting_closing app={} metrics={}", applicationId, metrics.snapshot());
        // Leave the group so a restarted instance is assigned at once instead of after the session timeout.
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        if (!closed) {
            LOGGER.error("event=accounting_close_timeout app={} timeout=30s", applicationId);
        }
        referenceDeadLetters.close();
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
    }
}
