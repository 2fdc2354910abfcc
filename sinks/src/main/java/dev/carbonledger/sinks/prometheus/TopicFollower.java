package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.internal.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's output topics into {@link PipelineState} on one thread, without a consumer group
 * (manual assignment, nothing committed): the compacted totals topic, the late and DLQ topics, the intensity
 * topic, the budget status topic and the SCI topic from the beginning, so that counters are whole again after a restart; the
 * samples topic only from {@code now - sampleLookback}, for the per-node last-sample gauges. Topics that do not exist yet are picked up
 * when they appear. End offsets (samples in) and consumer lag are refreshed every refresh interval.
 */
final class TopicFollower extends TopicTail {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicFollower.class);
    /** Headers that carry the origin topic of a dead-letter record (Kafka Streams' built-in DLQ first). */
    private static final List<String> DLQ_SOURCE_HEADERS =
            List.of("__streams.errors.topic", "source.topic", "sourceTopic", "__connect.errors.topic");

    private final ExporterConfig config;
    private final PipelineState state;
    private final Clock clock;
    private final TopicNames topics;
    private final ConfluentAvroDeserializer<EmissionsTotal> totals;
    private final ConfluentAvroDeserializer<IntensityRecord> intensity;
    private final ConfluentAvroDeserializer<LateEmission> late;
    private final ConfluentAvroDeserializer<EnergySample> samples;
    private final ConfluentAvroDeserializer<BudgetStatus> budgetStatus;
    private final ConfluentAvroDeserializer<SciWindow> sci;
    private final Admin admin;
    private final List<TopicPartition> samplePartitions = new ArrayList<>();
    private final Set<String> loggedDecodeErrors = new HashSet<>();

    TopicFollower(ExporterConfig config, SchemaRegistryClient registry, PipelineState state) {
        super("exporter", config.bootstrapServers(), config.kafkaProperties(), "carbon-ledger-exporter",
                config.refreshInterval());
        this.config = config;
        this.state = state;
        this.clock = config.clock();
        this.topics = config.topics();
        this.totals = new ConfluentAvroDeserializer<>(registry, EmissionsTotal.class);
        this.intensity = new ConfluentAvroDeserializer<>(registry, IntensityRecord.class);
        this.late = new ConfluentAvroDeserializer<>(registry, LateEmission.class);
        this.samples = new ConfluentAvroDeserializer<>(registry, EnergySample.class);
        this.budgetStatus = new ConfluentAvroDeserializer<>(registry, BudgetStatus.class);
        this.sci = new ConfluentAvroDeserializer<>(registry, SciWindow.class);
        this.admin = Admin.create(adminProperties(config));
    }

    private static Map<String, Object> adminProperties(ExporterConfig config) {
        Map<String, Object> p = new HashMap<>();
        config.kafkaProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "carbon-ledger-exporter-admin");
        return p;
    }

    @Override
    protected void refresh() {
        discover();
        refreshOffsets();
        state.retireIdleNodes(clock.millis());
    }

    @Override
    protected void onClose() {
        admin.close(Duration.ofSeconds(5));
    }

    @Override
    protected void onCaughtUp(Map<TopicPartition, Long> endOffsets) {
        state.caughtUp();
        LOGGER.info("event=exporter_caught_up end_offsets={}", endOffsets);
    }

    private void discover() {
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (String topic : List.of(topics.totals(), topics.late(), topics.deadLetter(), topics.intensity(),
                topics.budgetStatus(), topics.sci())) {
            fromBeginning.addAll(newPartitions(topic));
        }
        List<TopicPartition> newSamples = newPartitions(topics.samples());
        samplePartitions.addAll(newSamples);
        boolean trackNodes = !config.sampleLookback().isZero();
        if (fromBeginning.isEmpty() && (newSamples.isEmpty() || !trackNodes)) {
            return;
        }
        assign(fromBeginning);
        // Gauges (intensity, budget status, SCI) may show while the topics are still read; counters may not.
        Set<String> gauges = Set.of(topics.intensity(), topics.budgetStatus(), topics.sci());
        awaitEnd(fromBeginning.stream().filter(tp -> !gauges.contains(tp.topic())).toList());
        if (trackNodes && !newSamples.isEmpty()) {
            assign(newSamples);
            seekToTime(newSamples, clock.millis() - config.sampleLookback().toMillis());
        }
        LOGGER.info("event=exporter_assigned from_beginning={} samples={} assigned={}", fromBeginning,
                trackNodes ? newSamples : List.of(), assignedCount());
    }

    private void refreshOffsets() {
        if (!samplePartitions.isEmpty()) {
            Map<TopicPartition, Long> ends = latestOffsets(samplePartitions);
            if (ends.size() == samplePartitions.size()) {
                state.samplesIn(ends.values().stream().mapToLong(Long::longValue).sum());
            }
        }
        List<PipelineState.Lag> lags = new ArrayList<>();
        for (String group : config.lagGroups()) {
            lags.addAll(lagOf(group));
        }
        state.lags(lags);
    }

    private List<PipelineState.Lag> lagOf(String group) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            LOGGER.debug("event=lag_lookup_failed group={} error=\"{}\"", group, e.toString());
            return List.of();
        }
        committed.values().removeIf(java.util.Objects::isNull);
        if (committed.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> ends = latestOffsets(committed.keySet());
        if (ends.isEmpty()) {
            return List.of();
        }
        Map<String, Long> byTopic = new java.util.TreeMap<>();
        committed.forEach((tp, om) -> {
            long end = ends.getOrDefault(tp, om.offset());
            byTopic.merge(tp.topic(), Math.max(0, end - om.offset()), Long::sum);
        });
        List<PipelineState.Lag> out = new ArrayList<>();
        byTopic.forEach((topic, lag) -> out.add(new PipelineState.Lag(group, topic, lag)));
        return out;
    }

    /**
     * Last stable offsets through the admin client: the consumer's endOffsets on partitions it is not assigned
     * logs a warning per call under read_committed. Empty if the lookup failed (logged at debug).
     */
    private Map<TopicPartition, Long> latestOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            LOGGER.debug("event=offsets_lookup_failed partitions={} error=\"{}\"", partitions.size(), e.toString());
            return Map.of();
        }
    }

    @Override
    protected void dispatch(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        state.recordRead(topic);
        try {
            if (topic.equals(topics.totals())) {
                String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                state.acceptTotal(key, totals.deserialize(topic, record.value()));
            } else if (topic.equals(topics.intensity())) {
                IntensityRecord r = intensity.deserialize(topic, record.value());
                if (r != null) {
                    state.acceptIntensity(r, clock.millis());
                }
            } else if (topic.equals(topics.budgetStatus())) {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                state.acceptBudgetStatus(key, budgetStatus.deserialize(topic, record.value()));
            } else if (topic.equals(topics.sci())) {
                state.acceptSci(sci.deserialize(topic, record.value()));
            } else if (topic.equals(topics.late())) {
                LateEmission l = late.deserialize(topic, record.value());
                if (l != null) {
                    state.acceptLate(l);
                }
            } else if (topic.equals(topics.deadLetter())) {
                state.acceptDeadLetter(dlqSource(record));
            } else if (topic.equals(topics.samples())) {
                EnergySample s = samples.deserialize(topic, record.value());
                if (s != null) {
                    state.acceptSample(s);
                }
            }
        } catch (RuntimeException e) {
            if (SchemaRegistryException.unavailableIn(e)) {
                throw e;   // not the record's fault: TopicTail reads it again once the registry answers
            }
            state.decodeError(topic);
            if (loggedDecodeErrors.add(topic)) {
                LOGGER.warn("event=exporter_decode_failed topic={} partition={} offset={} error=\"{}\" "
                        + "note=\"logged once per topic, counted in carbon_pipeline_exporter_decode_errors_total\"",
                        topic, record.partition(), record.offset(), e.getMessage());
            }
        }
    }

    private static String dlqSource(ConsumerRecord<byte[], byte[]> record) {
        for (String name : DLQ_SOURCE_HEADERS) {
            Header h = record.headers().lastHeader(name);
            if (h != null && h.value() != null) {
                return new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
