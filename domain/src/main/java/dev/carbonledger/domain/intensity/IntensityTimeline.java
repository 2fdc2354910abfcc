package dev.carbonledger.domain.intensity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * DESIGN section 4, rule 5: the carbon intensity of one zone (and one signal) as a step function of time. The value at {@code t}
 * is the one of the record with the greatest {@code from <= t}; for the same {@code from} the record added last
 * wins. Before the first record, the default applies.
 *
 * <p>Safe for one writer and many concurrent readers (a global store is updated by the global thread and read by
 * every stream thread). Reads, one or two per sample, go to an immutable sorted-array snapshot (a binary search
 * over a {@code long[]}, no boxing, few cache misses); a write only marks the snapshot stale, and the next read
 * rebuilds it. Writes are rare (an intensity record per zone and hour or so).
 */
public final class IntensityTimeline {

    private final ConcurrentSkipListMap<Long, IntensityStep> steps = new ConcurrentSkipListMap<>();
    private final IntensityStep defaultStep;
    /** Incremented after every write (single writer). */
    private volatile long version;
    private volatile Snapshot snapshot;

    public IntensityTimeline(double defaultGCo2ePerKwh) {
        this.defaultStep = new IntensityStep(defaultGCo2ePerKwh, null);
    }

    /** Adds (or, for an existing {@code from}, supersedes) the value in effect from {@code fromMillis}. */
    public void put(long fromMillis, double gCo2ePerKwh) {
        steps.put(fromMillis, new IntensityStep(gCo2ePerKwh, fromMillis));
        version = version + 1;
    }

    /** The step in effect at {@code t}: greatest {@code from <= t}, or the default. */
    public IntensityStep at(long t) {
        Snapshot s = current();
        int i = s.floorIndex(t);
        return i < 0 ? defaultStep : s.steps[i];
    }

    /** The first {@code from} strictly after {@code t}, or {@link Long#MAX_VALUE} if the value never changes. */
    public long nextChangeAfter(long t) {
        Snapshot s = current();
        int next = s.floorIndex(t) + 1;
        return next < s.froms.length ? s.froms[next] : Long.MAX_VALUE;
    }

    public int size() {
        return steps.size();
    }

    /**
     * Forgets every step that no time at or after {@code t} can use: all steps before the one in effect at
     * {@code t}. Keeps memory bounded where only the present and the future are asked for (the exporter's gauges).
     */
    public void pruneBefore(long t) {
        Long inEffect = steps.floorKey(t);
        if (inEffect != null && !steps.headMap(inEffect, false).isEmpty()) {
            steps.headMap(inEffect, false).clear();
            version = version + 1;
        }
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long v = version;
        if (s == null || s.version != v) {
            // Built from the version read before copying: a write during the copy leaves it stale for the next read.
            s = new Snapshot(v, steps);
            snapshot = s;
        }
        return s;
    }

    /** The steps at one version, sorted by {@code from}. */
    private static final class Snapshot {
        final long version;
        final long[] froms;
        final IntensityStep[] steps;

        Snapshot(long version, ConcurrentSkipListMap<Long, IntensityStep> map) {
            this.version = version;
            List<Map.Entry<Long, IntensityStep>> entries = new ArrayList<>(map.entrySet());
            this.froms = new long[entries.size()];
            this.steps = new IntensityStep[entries.size()];
            for (int i = 0; i < froms.length; i++) {
                froms[i] = entries.get(i).getKey();
                steps[i] = entries.get(i).getValue();
            }
        }

        /** Index of the greatest {@code from <= t}, or -1. */
        int floorIndex(long t) {
            int i = Arrays.binarySearch(froms, t);
            return i >= 0 ? i : -i - 2;
        }
    }
}
