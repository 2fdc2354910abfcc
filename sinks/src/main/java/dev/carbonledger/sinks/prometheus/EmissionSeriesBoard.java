package dev.carbonledger.sinks.prometheus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emission counters' series: cumulative totals per key of the totals topic, summed over the allowed labels,
 * with a bound on the number of label combinations and retirement of idle ones. No Kafka types; thread-safe.
 *
 * <p>Bound: the first {@code maxSeries} label combinations get a series of their own, for the life of the process;
 * every later combination is summed, also for the life of the process, into one series whose labels are all
 * {@value #OTHER}. Membership never changes, so every exposed counter (including {@code other}) stays monotonic and
 * the exposed values always add up to the true total: nothing is dropped, nothing is counted twice.
 *
 * <p>Retirement: a series whose total did not change for {@code retireAfterMillis} (by the exporter's clock, when
 * it read the change) is not exposed until it changes again; it keeps its place and its cumulative value, so
 * Prometheus sees the same series resume (with {@code rate}/{@code increase} exact over the gap). The
 * {@code other} series retires when none of its members changed for that long. {@code 0} never retires.
 */
final class EmissionSeriesBoard {
    /** Label value of the overflow series. */
    static final String OTHER = "other";

    /** One exposed series: label values in the order of the allowed labels, summed totals. */
    record Series(List<String> labelValues, double grams, double joules) {}

    private record Entry(List<String> combination, double grams, double joules) {}

    private final int labelCount;
    private final int maxSeries;
    private final long retireAfterMillis;
    private final List<String> otherValues;
    /** Sorted, so that sums are always added in the same order: floating-point rounding never lowers a counter. */
    private final Map<String, Entry> byKey = new TreeMap<>();
    private final Set<List<String>> own = new HashSet<>();
    private final Set<List<String>> overflow = new HashSet<>();
    private final Map<List<String>, Long> changedAt = new HashMap<>();

    EmissionSeriesBoard(int labelCount, int maxSeries, long retireAfterMillis) {
        if (maxSeries <= 0 || retireAfterMillis < 0) {
            throw new IllegalArgumentException("maxSeries must be positive and retireAfterMillis >= 0");
        }
        this.labelCount = labelCount;
        this.maxSeries = maxSeries;
        this.retireAfterMillis = retireAfterMillis;
        this.otherValues = Collections.nCopies(labelCount, OTHER);
    }

    /**
     * The latest total of a key, already reduced to the allowed labels' values; {@code combination == null} is a
     * tombstone (the key's contribution goes away).
     */
    synchronized void accept(String key, List<String> combination, double grams, double joules, long nowMillis) {
        if (combination == null) {
            byKey.remove(key);
            return;
        }
        if (combination.size() != labelCount) {
            throw new IllegalArgumentException("expected " + labelCount + " label values, got " + combination);
        }
        List<String> values = List.copyOf(combination);
        Entry previous = byKey.put(key, new Entry(values, grams, joules));
        if (!own.contains(values) && !overflow.contains(values)) {
            (own.size() < maxSeries ? own : overflow).add(values);
        }
        boolean changed = previous == null || previous.grams() != grams || previous.joules() != joules
                || !previous.combination().equals(values);
        if (changed) {
            changedAt.merge(values, nowMillis, Math::max);
        }
    }

    /** The series to expose now, sorted by label values; the overflow series last-but-sorted like the rest. */
    synchronized List<Series> series(long nowMillis) {
        Map<List<String>, double[]> sums = new TreeMap<>(EmissionSeriesBoard::compareLists);
        long otherChanged = Long.MIN_VALUE;
        for (List<String> c : overflow) {
            otherChanged = Math.max(otherChanged, changedAt.getOrDefault(c, Long.MIN_VALUE));
        }
        boolean otherActive = !overflow.isEmpty() && isActive(otherChanged, nowMillis);
        for (Entry e : byKey.values()) {
            List<String> target;
            if (own.contains(e.combination())) {
                if (!isActive(changedAt.getOrDefault(e.combination(), Long.MIN_VALUE), nowMillis)) {
                    continue;
                }
                target = e.combination();
            } else {
                if (!otherActive) {
                    continue;
                }
                target = otherValues;
            }
            double[] sum = sums.computeIfAbsent(target, k -> new double[2]);
            sum[0] += e.grams();
            sum[1] += e.joules();
        }
        List<Series> out = new ArrayList<>(sums.size());
        sums.forEach((k, v) -> out.add(new Series(k, v[0], v[1])));
        return out;
    }

    /** Label combinations summed into the {@value #OTHER} series since start (monotonic). */
    synchronized long overflowCombinations() {
        return overflow.size();
    }

    private boolean isActive(long changed, long nowMillis) {
        return retireAfterMillis == 0 || changed != Long.MIN_VALUE && nowMillis - changed < retireAfterMillis;
    }

    static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
