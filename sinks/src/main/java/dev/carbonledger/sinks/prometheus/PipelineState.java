package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.sinks.internal.BudgetStatusBoard;
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

    /** Summed emission counters for one combination of the allowed labels. */
    record EmissionsSeries(List<String> labelValues, double grams, double joules) {}

    /** Late pieces of one team. */
    record LateSeries(long records, double grams, double joules) {}

    /** Lag of one consumer group on one topic. */
    record Lag(String group, String topic, long records) {}

    private final List<String> emissionLabels;
    private final int maxNodes;
    private final Map<String, EmissionsTotal> totals = new ConcurrentHashMap<>();
    private final IntensityBoard intensity = new IntensityBoard();
    private final BudgetStatusBoard budgets = new BudgetStatusBoard();
    private final Map<String, LateSeries> late = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSampleByNode = new ConcurrentHashMap<>();
    private final AtomicLong nodesOverLimit = new AtomicLong();
    private final Map<String, AtomicLong> decodeErrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recordsRead = new ConcurrentHashMap<>();
    private volatile Long samplesIn;
    private volatile List<Lag> lags = List.of();
    private volatile boolean caughtUp;

    /**
     * @param emissionLabels the allowed emission labels, in {@link ExporterConfig#EMISSION_LABELS} order
     * @param maxNodes bound on the node label values kept for the last-sample gauges
     */
    PipelineState(List<String> emissionLabels, int maxNodes) {
        this.emissionLabels = List.copyOf(emissionLabels);
        this.maxNodes = maxNodes;
    }

    List<String> emissionLabels() {
        return emissionLabels;
    }

    void acceptTotal(String key, EmissionsTotal total) {
        if (total == null) {
            totals.remove(key);
        } else {
            totals.put(key, total);
        }
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
        if (!lastSampleByNode.containsKey(node) && lastSampleByNode.size() >= maxNodes) {
            nodesOverLimit.incrementAndGet();
            return;
        }
        lastSampleByNode.merge(node, ts, Math::max);
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

    /** Emission totals summed over the labels not in the allow-list; empty until caught up. */
    List<EmissionsSeries> emissions() {
        if (!caughtUp) {
            return List.of();
        }
        Map<List<String>, double[]> sums = new TreeMap<>(PipelineState::compareLists);
        for (EmissionsTotal t : totals.values()) {
            List<String> values = new ArrayList<>(emissionLabels.size());
            for (String label : emissionLabels) {
                values.add(LABEL_VALUE.get(label).apply(t));
            }
            double[] sum = sums.computeIfAbsent(values, k -> new double[2]);
            sum[0] += t.getCo2eGrams();
            sum[1] += t.getEnergyJoules();
        }
        List<EmissionsSeries> out = new ArrayList<>();
        sums.forEach((k, v) -> out.add(new EmissionsSeries(k, v[0], v[1])));
        return out;
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

    Map<String, Long> lastSampleByNode() {
        return Map.copyOf(lastSampleByNode);
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
            "zone", EmissionsTotal::getZone);

    static {
        if (!LABEL_VALUE.keySet().equals(Set.copyOf(ExporterConfig.EMISSION_LABELS))) {
            throw new IllegalStateException("emission label accessors out of sync with ExporterConfig");
        }
    }

    private static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
