package dev.carbonledger.collectors.sample;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds many raw cumulative counters (one per container, mode, GPU ...) into one cumulative counter per
 * (pod, component) that never drops when a raw counter restarts or disappears. A plain sum would drop when a
 * container restarts, and the pipeline would read the drop as a reset of the whole pod and count the other
 * containers' energy twice.
 *
 * <p>Per scrape: {@link #add} every raw reading, then {@link #finish()}. A raw series seen for the first time
 * contributes its whole value when raw counters start with their series (a container's counter starts with
 * the container), or nothing when they count from before (a GPU's device counter, now assigned to a pod);
 * afterwards its increase, or its new value after a reset. Series not seen in a scrape are forgotten.
 * Not thread-safe.
 */
public final class PodCounterAccumulator {
    private final boolean newSeriesCountFromZero;
    private final Map<String, Double> lastRaw = new HashMap<>();
    private final Map<SeriesKey, Double> totals = new HashMap<>();
    private final Map<String, Double> seenRaw = new HashMap<>();
    private final Map<SeriesKey, Double> seenTotals = new LinkedHashMap<>();

    /** Raw counters that start with their series (Kepler's container counters). */
    public PodCounterAccumulator() {
        this(true);
    }

    /**
     * @param newSeriesCountFromZero true when a raw series' first value is energy of this pod (counted), false
     *     when it is a device counter that ran before the pod (taken as a baseline)
     */
    public PodCounterAccumulator(boolean newSeriesCountFromZero) {
        this.newSeriesCountFromZero = newSeriesCountFromZero;
    }

    /** One raw reading of this scrape; {@code rawSeries} identifies it within the pod and component. */
    public void add(SeriesKey series, String rawSeries, double value) {
        if (!Double.isFinite(value) || value < 0) {
            return;
        }
        String rawKey = series.podUid() + '\u0000' + series.component() + '\u0000' + rawSeries;
        Double previousInScrape = seenRaw.put(rawKey, value);
        Double last = lastRaw.get(rawKey);
        double increase;
        if (previousInScrape != null) {
            // The same raw series twice in one scrape: keep the first reading only.
            seenRaw.put(rawKey, previousInScrape);
            return;
        } else if (last == null) {
            increase = newSeriesCountFromZero ? value : 0;
        } else {
            increase = value >= last ? value - last : value;
        }
        double total = seenTotals.containsKey(series) ? seenTotals.get(series) : totals.getOrDefault(series, 0.0);
        seenTotals.put(series, total + increase);
    }

    /** The readings and totals of the last finished scrape, to be restored after a restart. */
    public CounterState snapshot() {
        Map<String, Double> savedTotals = new HashMap<>();
        totals.forEach((series, total) -> savedTotals.put(series.podUid() + '\u0000' + series.component(), total));
        return new CounterState(lastRaw, savedTotals);
    }

    /**
     * Continues from a {@link #snapshot()} taken before a restart: raw series seen again count only their
     * increase since, and the totals continue, so the published counters never drop because the collector
     * restarted. Call before the first scrape.
     */
    public void restore(CounterState state) {
        lastRaw.clear();
        lastRaw.putAll(state.raw());
        totals.clear();
        state.totals().forEach((key, total) -> {
            int cut = key.indexOf('\u0000');
            if (cut > 0 && Double.isFinite(total) && total >= 0) {
                totals.put(new SeriesKey(key.substring(0, cut), key.substring(cut + 1)), total);
            }
        });
    }

    /** Ends a scrape: the counter of every (pod, component) seen in it, in first-seen order. */
    public Map<SeriesKey, Double> finish() {
        lastRaw.clear();
        lastRaw.putAll(seenRaw);
        totals.clear();
        totals.putAll(seenTotals);
        Map<SeriesKey, Double> result = new LinkedHashMap<>(seenTotals);
        seenRaw.clear();
        seenTotals.clear();
        return result;
    }
}
