package dev.carbonledger.sinks.live;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.EmissionsWindow;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the windowed topics of the live view into a {@link LiveBoard}: team windows ({@code carbon.emissions.team}),
 * SCI windows ({@code carbon.sci}) and alert events ({@code carbon.alerts}). These topics are not compacted, so
 * they are read from {@code now - lookback} (by the records' Kafka timestamps) rather than from the beginning, and
 * followed. A record that cannot be decoded is counted and logged once per topic; reading goes on.
 */
public final class LiveFollower extends TopicTail {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiveFollower.class);

    private final LiveBoard board;
    private final TopicNames topics;
    private final Clock clock;
    private final Duration lookback;
    private final ConfluentAvroDeserializer<EmissionsWindow> windows;
    private final ConfluentAvroDeserializer<SciWindow> sciWindows;
    private final ConfluentAvroDeserializer<AlertEvent> alerts;
    private final Map<String, AtomicLong> decodeErrors = new ConcurrentHashMap<>();
    private final Set<String> loggedDecodeErrors = new HashSet<>();

    public LiveFollower(String bootstrapServers, Map<String, Object> kafkaProperties, TopicNames topics,
                        SchemaRegistryClient registry, LiveBoard board, Clock clock, Duration lookback,
                        Duration refreshInterval) {
        super("live", bootstrapServers, kafkaProperties, "carbon-ledger-live", refreshInterval);
        this.board = board;
        this.topics = topics;
        this.clock = clock;
        this.lookback = lookback;
        this.windows = new ConfluentAvroDeserializer<>(registry, EmissionsWindow.class);
        this.sciWindows = new ConfluentAvroDeserializer<>(registry, SciWindow.class);
        this.alerts = new ConfluentAvroDeserializer<>(registry, AlertEvent.class);
    }

    /** Records that could not be decoded, per topic. */
    public Map<String, Long> decodeErrors() {
        Map<String, Long> out = new HashMap<>();
        decodeErrors.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    protected void refresh() {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : List.of(topics.teamWindows(), topics.sci(), topics.alerts())) {
            found.addAll(newPartitions(topic));
        }
        if (found.isEmpty()) {
            return;
        }
        assign(found);
        seekToTime(found, clock.millis() - lookback.toMillis());
        if (!refreshedOnce()) {
            awaitEnd(found);
        }
        LOGGER.info("event=live_assigned partitions={} assigned={} lookback={}", found, assignedCount(), lookback);
    }

    @Override
    protected void dispatch(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        try {
            if (topic.equals(topics.teamWindows())) {
                board.acceptTeamWindow(windows.deserialize(topic, record.value()));
            } else if (topic.equals(topics.sci())) {
                board.acceptSci(sciWindows.deserialize(topic, record.value()));
            } else if (topic.equals(topics.alerts())) {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                board.acceptAlert(key, alerts.deserialize(topic, record.value()));
            }
        } catch (RuntimeException e) {
            if (SchemaRegistryException.unavailableIn(e)) {
                throw e;   // not the record's fault: TopicTail reads it again once the registry answers
            }
            decodeErrors.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
            if (loggedDecodeErrors.add(topic)) {
                LOGGER.warn("event=live_decode_failed topic={} partition={} offset={} error=\"{}\" "
                        + "note=\"logged once per topic, the record is skipped\"", topic, record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    @Override
    protected void onCaughtUp(Map<TopicPartition, Long> endOffsets) {
        LOGGER.info("event=live_caught_up end_offsets={}", endOffsets);
    }
}
