package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.sinks.internal.BudgetStatusBoard;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What the exporter knows about the pipeline, fed by the topic follower and read by the metric callbacks at
 * scrape time. No Kafka types here. Thread-safe: one writer thread, any number of scraping threads.
 */
final class PipelineState {
    /** Label value for DLQ records whose origin topic is unknown or beyond the label bound. */
    static final String OTHER = "other";
    static final int MAX_DLQ_SOURCES = 100;

    /** Late pieces of one team. */
    record LateSeries(long records, double grams, double joules) {}

    /** Lag of one consumer group on one topic. */
    record Lag(String group, String topic, long records) {}

    private final List<String> emissionLabels;
    private final int maxNodes;
    private final Clock clock;
    private final long retireAfterMillis;
    private final EmissionSeriesBoard emissions;
    private final SciBoard sci;
    private final IntensityBoard intensity = new IntensityBoard();
    private final BudgetStatusBoard budgets = new BudgetStatusBoard();
    private final Map<String, LateSeries> late = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSampleByNode = new ConcurrentHashMap<>();
    private final Map<String, Long> nodeSeenAt = new ConcurrentHashMap<>();
    private final AtomicLong nodesOverLimit = new AtomicLong();
    private final Map<String, AtomicLong> decodeErrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recordsRead = new ConcurrentHashMap<>();
    private volatile Long samplesIn;
    private volatile List<Lag> lags = List.of();
    private volatile boolean caughtUp;

    /** A state that never retires series, with the default series bound and the system clock. */
    PipelineState(List<String> emissionLabels, int maxNodes) {
        this(emissionLabels, maxNodes, ExporterConfig.DEFAULT_MAX_EMISSION_SERIES, 0, Clock.systemUTC());
    }

    /**
     * @param emissionLabels the allowed emission labels, in {@link ExporterConfig#EMISSION_LABELS} order
     * @param maxNodes bound on the node label values kept for the last-sample gauges
     * @param maxSeries bound on the emission label combinations (and SCI model/unit pairs) exposed on their own
     * @param retireAfterMillis series (emissions, nodes, SCI) not updated for this long are not exposed; 0 = never
     * @param clock when an update was read, and "now" for retirement
     */
    PipelineState(List<String> emissionLabels, int maxNodes, int maxSeries, long retireAfterMillis, Clock clock) {
        this.emissionLabels = List.copyOf(emissionLabels);
        this.maxNodes = maxNodes;
        this.clock = clock;
        this.retireAfterMillis = retireAfterMillis;
        this.emissions = new EmissionSeriesBoard(this.emissionLabels.size(), maxSeries, retireAfterMillis);
        this.sci = new SciBoard(maxSeries, retireAfterMillis);
    }

    List<String> emissionLabels() {
        return emissionLabels;
    }

    /** A record of the totals topic; {@code total == null} is a tombstone for {@code key}. */
    void acceptTotal(String key, EmissionsTotal total) {
        if (total == null) {
            emissions.accept(key, null, 0, 0, clock.millis());
            return;
        }
        List<String> values = new ArrayList<>(emissionLabels.size());
        for (String label : emissionLabels) {
            values.add(LABEL_VALUE.get(label).apply(total));
        }
        emissions.accept(key, values, total.getCo2eGrams(), total.getEnergyJoules(), clock.millis());
    }

    void acceptSci(SciWindow window) {
        sci.accept(window, clock.millis());
    }

    void acceptIntensity(IntensityRecord record, long nowMillis) {
        intensity.accept(record, nowMillis);
    }

    /** A record of the budget status topic; {@code status == null} is a tombstone for the team {@code key}. */
    void acceptBudgetStatus(String key, BudgetStatus status) {
        budgets.accept(key, status);
    }

    void acceptLate(LateEmission late) {
        this.late.merge(late.getTeam(), new LateSeries(1, late.getCo2eGrams(), late.getEnergyJoules()),
                (a, b) -> new LateSeries(a.records() + b.records(), a.grams() + b.grams(), a.joules() + b.joules()));
    }

    void acceptDeadLetter(String sourceTopic) {
        String label = sourceTopic == null || sourceTopic.isBlank() ? OTHER : sourceTopic;
        if (!deadLetters.containsKey(label) && deadLetters.size() >= MAX_DLQ_SOURCES) {
            label = OTHER;
        }
        deadLetters.computeIfAbsent(label, k -> new AtomicLong()).incrementAndGet();
    }

    void acceptSample(EnergySample sample) {
        String node = sample.getNode();
        long ts = sample.getTimestamp().toEpochMilli();
        long now = clock.millis();
        if (!lastSampleByNode.containsKey(node) && lastSampleByNode.size() >= maxNodes) {
            retireIdleNodes(now);
            if (lastSampleByNode.size() >= maxNodes) {
                nodesOverLimit.incrementAndGet();
                return;
            }
        }
        Long previous = lastSampleByNode.get(node);
        if (previous == null || ts > previous) {
            lastSampleByNode.put(node, ts);
            nodeSeenAt.put(node, now);
        }
    }

    /** Forgets the nodes without a newer sample for the retirement time, freeing their place under the bound. */
    void retireIdleNodes(long nowMillis) {
        if (retireAfterMillis == 0) {
            return;
        }
        nodeSeenAt.forEach((node, seen) -> {
            if (nowMillis - seen >= retireAfterMillis) {
                nodeSeenAt.remove(node);
                lastSampleByNode.remove(node);
            }
        });
    }

    void decodeError(String topic) {
        decodeErrors.computeIfAbsent(topic, k -> new AtomicLong()).incrementAndGet();
    }

    void recordRead(String topic) {
        recordsRead.computeIfAbsent(topic, k -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> recordsRead() {
        Map<String, Long> out = new TreeMap<>();
        recordsRead.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void samplesIn(long records) {
        this.samplesIn = records;
    }

    void lags(List<Lag> value) {
        this.lags = List.copyOf(value);
    }

    /** Set once the totals, late and DLQ topics have been read up to their end offsets at start. */
    void caughtUp() {
        this.caughtUp = true;
    }

    boolean isCaughtUp() {
        return caughtUp;
    }

    /**
     * Emission totals summed over the labels not in the allow-list, bounded (an {@code other} series) and without
     * retired series; empty until caught up.
     */
    List<EmissionSeriesBoard.Series> emissions() {
        return caughtUp ? emissions.series(clock.millis()) : List.of();
    }

    /** Emission label combinations summed into the {@code other} series since start. */
    long emissionCombinationsOverLimit() {
        return emissions.overflowCombinations();
    }

    /** The latest SCI per (model, unit) not retired. */
    List<SciBoard.Sci> sci() {
        return sci.current(clock.millis());
    }

    long sciOverLimit() {
        return sci.overLimit();
    }

    List<IntensityBoard.InEffect> intensityInEffect(long nowMillis) {
        return intensity.inEffect(nowMillis);
    }

    Map<String, Long> newestActualIntensityFrom() {
        return intensity.newestActualFrom();
    }

    /** The budget status of every team whose latest status period contains {@code nowMillis}, by team. */
    List<BurnStatus> currentBudgets(long nowMillis) {
        return budgets.current(nowMillis);
    }

    Map<String, LateSeries> late() {
        return caughtUp ? Map.copyOf(late) : Map.of();
    }

    Map<String, Long> deadLetters() {
        if (!caughtUp) {
            return Map.of();
        }
        Map<String, Long> out = new TreeMap<>();
        deadLetters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Event time of the newest sample per node, without the nodes retired by now. */
    Map<String, Long> lastSampleByNode() {
        long now = clock.millis();
        Map<String, Long> out = new TreeMap<>();
        lastSampleByNode.forEach((node, ts) -> {
            Long seen = nodeSeenAt.get(node);
            if (retireAfterMillis == 0 || seen != null && now - seen < retireAfterMillis) {
                out.put(node, ts);
            }
        });
        return out;
    }

    long nodesOverLimit() {
        return nodesOverLimit.get();
    }

    Map<String, Long> decodeErrors() {
        Map<String, Long> out = new TreeMap<>();
        decodeErrors.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    Long samplesIn() {
        return samplesIn;
    }

    List<Lag> lags() {
        return lags;
    }

    private static final Map<String, Function<EmissionsTotal, String>> LABEL_VALUE = Map.of(
            "team", EmissionsTotal::getTeam,
            "model", EmissionsTotal::getModel,
            "namespace", EmissionsTotal::getNamespace,
            "grid_zone", EmissionsTotal::getZone);

    static {
        if (!LABEL_VALUE.keySet().equals(Set.copyOf(ExporterConfig.EMISSION_LABELS))) {
            throw new IllegalStateException("emission label accessors out of sync with ExporterConfig");
        }
    }
}
