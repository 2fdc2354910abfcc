package dev.carbonledger.sinks.policy;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.schemas.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics the policy views are made of into {@link PolicyState} on one thread, without a consumer group
 * (manual assignment of every partition, nothing committed, {@code read_committed}), all from the beginning: the
 * budgets, budget status, forecasts and policy topics (compacted) and the intensity topic. Topics that do not exist
 * yet are picked up when they appear. The state is caught up once every partition assigned at the first look has
 * been read up to the end offset it had then.
 */
final class PolicyFollower implements Runnable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final PolicyServerConfig config;
    private final PolicyState state;
    private final Clock clock;
    private final TopicNames topics;
    private final ConfluentAvroDeserializer<Budget> budgets;
    private final ConfluentAvroDeserializer<BudgetStatus> statuses;
    private final ConfluentAvroDeserializer<IntensityForecast> forecasts;
    private final ConfluentAvroDeserializer<PolicyDecision> decisions;
    private final ConfluentAvroDeserializer<IntensityRecord> intensity;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
    private final Set<String> loggedDecodeErrors = new HashSet<>();
    private volatile boolean running = true;
    private boolean discoveredOnce;
    private long nextDiscoveryNanos;

    PolicyFollower(PolicyServerConfig config, SchemaRegistryClient registry, PolicyState state) {
        this.config = config;
        this.state = state;
        this.clock = config.clock();
        this.topics = config.topics();
        this.budgets = new ConfluentAvroDeserializer<>(registry, Budget.class);
        this.statuses = new ConfluentAvroDeserializer<>(registry, BudgetStatus.class);
        this.forecasts = new ConfluentAvroDeserializer<>(registry, IntensityForecast.class);
        this.decisions = new ConfluentAvroDeserializer<>(registry, PolicyDecision.class);
        this.intensity = new ConfluentAvroDeserializer<>(registry, IntensityRecord.class);
        this.consumer = new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static Map<String, Object> consumerProperties(PolicyServerConfig config) {
        Map<String, Object> p = new HashMap<>(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "carbon-ledger-policy");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Streams writes with exactly-once: decide only on committed records.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    private List<String> followedTopics() {
        return List.of(topics.budgets(), topics.budgetStatus(), topics.intensityForecasts(), topics.policy(),
                topics.intensity());
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    step();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    LOGGER.warn("event=policy_read_failed error=\"{}\"", e.toString(), e);
                    sleepQuietly(Duration.ofSeconds(1));
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            LOGGER.info("event=policy_follower_stopped");
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void step() {
        if (System.nanoTime() - nextDiscoveryNanos >= 0) {
            discover();
            state.pruneIntensity(clock.millis());
            nextDiscoveryNanos = System.nanoTime() + config.refreshInterval().toNanos();
        }
        if (!assigned.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                dispatch(record);
            }
        } else {
            sleepQuietly(POLL);
        }
        checkCaughtUp();
    }

    private void discover() {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : followedTopics()) {
            found.addAll(newPartitions(topic));
        }
        if (!found.isEmpty()) {
            assigned.addAll(found);
            consumer.assign(assigned);
            consumer.seekToBeginning(found);
            if (!discoveredOnce) {
                // Only what exists at the first look gates readiness; later topics are followed as they come.
                catchUpTargets.putAll(consumer.endOffsets(found, CALL_TIMEOUT));
            }
            LOGGER.info("event=policy_assigned partitions={} assigned={}", found, assigned.size());
        }
        discoveredOnce = true;
    }

    private List<TopicPartition> newPartitions(String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, CALL_TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOGGER.debug("event=topic_lookup_timeout topic={}", topic);
            return List.of();
        }
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (!assigned.contains(tp)) {
                    out.add(tp);
                }
            }
        }
        return out;
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            if (topic.equals(topics.budgets())) {
                state.acceptBudget(key, budgets.deserialize(topic, record.value()));
            } else if (topic.equals(topics.budgetStatus())) {
                state.acceptStatus(key, statuses.deserialize(topic, record.value()));
            } else if (topic.equals(topics.intensityForecasts())) {
                state.acceptForecast(key, forecasts.deserialize(topic, record.value()));
            } else if (topic.equals(topics.policy())) {
                state.acceptDecision(key, decisions.deserialize(topic, record.value()));
            } else if (topic.equals(topics.intensity())) {
                IntensityRecord r = intensity.deserialize(topic, record.value());
                if (r != null) {
                    state.acceptIntensity(r, clock.millis());
                }
            }
        } catch (RuntimeException e) {
            state.decodeError(topic);
            if (loggedDecodeErrors.add(topic)) {
                LOGGER.warn("event=policy_decode_failed topic={} partition={} offset={} error=\"{}\" "
                        + "note=\"logged once per topic, counted in /readyz\"", topic, record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    private void checkCaughtUp() {
        if (state.isCaughtUp() || !discoveredOnce) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> e : catchUpTargets.entrySet()) {
            if (consumer.position(e.getKey(), CALL_TIMEOUT) < e.getValue()) {
                return;
            }
        }
        state.caughtUp();
        LOGGER.info("event=policy_caught_up end_offsets={}", catchUpTargets);
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
