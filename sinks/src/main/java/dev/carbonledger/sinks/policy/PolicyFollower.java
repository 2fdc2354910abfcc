package dev.carbonledger.sinks.policy;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.internal.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics the policy views are made of into {@link PolicyState} on one thread, without a consumer group
 * (manual assignment of every partition, nothing committed, {@code read_committed}), all from the beginning: the
 * budgets, budget status, forecasts and policy topics (compacted) and the intensity topic. Topics that do not exist
 * yet are picked up when they appear. The state is caught up once every partition assigned at the first look has
 * been read up to the end offset it had then.
 */
final class PolicyFollower extends TopicTail {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyFollower.class);

    private final PolicyState state;
    private final Clock clock;
    private final TopicNames topics;
    private final ConfluentAvroDeserializer<Budget> budgets;
    private final ConfluentAvroDeserializer<BudgetStatus> statuses;
    private final ConfluentAvroDeserializer<IntensityForecast> forecasts;
    private final ConfluentAvroDeserializer<PolicyDecision> decisions;
    private final ConfluentAvroDeserializer<IntensityRecord> intensity;
    private final Set<String> loggedDecodeErrors = new HashSet<>();

    PolicyFollower(PolicyServerConfig config, SchemaRegistryClient registry, PolicyState state) {
        super("policy", config.bootstrapServers(), config.kafkaProperties(), "carbon-ledger-policy",
                config.refreshInterval());
        this.state = state;
        this.clock = config.clock();
        this.topics = config.topics();
        this.budgets = new ConfluentAvroDeserializer<>(registry, Budget.class);
        this.statuses = new ConfluentAvroDeserializer<>(registry, BudgetStatus.class);
        this.forecasts = new ConfluentAvroDeserializer<>(registry, IntensityForecast.class);
        this.decisions = new ConfluentAvroDeserializer<>(registry, PolicyDecision.class);
        this.intensity = new ConfluentAvroDeserializer<>(registry, IntensityRecord.class);
    }

    @Override
    protected void refresh() {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : List.of(topics.budgets(), topics.budgetStatus(), topics.intensityForecasts(),
                topics.policy(), topics.intensity())) {
            found.addAll(newPartitions(topic));
        }
        if (!found.isEmpty()) {
            assign(found);
            if (!refreshedOnce()) {
                // Only what exists at the first look gates readiness; later topics are followed as they come.
                awaitEnd(found);
            }
            LOGGER.info("event=policy_assigned partitions={} assigned={}", found, assignedCount());
        }
        state.pruneIntensity(clock.millis());
    }

    @Override
    protected void dispatch(ConsumerRecord<byte[], byte[]> record) {
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
            if (SchemaRegistryException.unavailableIn(e)) {
                throw e;   // not the record's fault: TopicTail reads it again once the registry answers
            }
            state.decodeError(topic);
            if (loggedDecodeErrors.add(topic)) {
                LOGGER.warn("event=policy_decode_failed topic={} partition={} offset={} error=\"{}\" "
                        + "note=\"logged once per topic, counted in /readyz\"", topic, record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    @Override
    protected void onCaughtUp(Map<TopicPartition, Long> endOffsets) {
        state.caughtUp();
        LOGGER.info("event=policy_caught_up end_offsets={}", endOffsets);
    }
}
