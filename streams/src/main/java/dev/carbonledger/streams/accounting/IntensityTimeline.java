package dev.carbonledger.streams.accounting;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * DESIGN section 4, rule 5: the carbon intensity of one zone as a step function of time. The value at {@code t}
 * is the one of the record with the greatest {@code from <= t}; for the same {@code from} the record added last
 * wins. Before the first record, the default applies.
 *
 * <p>Safe for one writer and many concurrent readers (a global store is updated by the global thread and read by
 * every stream thread).
 */
public final class IntensityTimeline {

    private final ConcurrentSkipListMap<Long, IntensityStep> steps = new ConcurrentSkipListMap<>();
    private final IntensityStep defaultStep;

    public IntensityTimeline(double defaultGCo2ePerKwh) {
        this.defaultStep = new IntensityStep(defaultGCo2ePerKwh, null);
    }

    /** Adds (or, for an existing {@code from}, supersedes) the value in effect from {@code fromMillis}. */
    public void put(long fromMillis, double gCo2ePerKwh) {
        steps.put(fromMillis, new IntensityStep(gCo2ePerKwh, fromMillis));
    }

    /** The step in effect at {@code t}: greatest {@code from <= t}, or the default. */
    public IntensityStep at(long t) {
        Map.Entry<Long, IntensityStep> e = steps.floorEntry(t);
        return e == null ? defaultStep : e.getValue();
    }

    /** The first {@code from} strictly after {@code t}, or {@link Long#MAX_VALUE} if the value never changes. */
    public long nextChangeAfter(long t) {
        Long k = steps.higherKey(t);
        return k == null ? Long.MAX_VALUE : k;
    }

    public int size() {
        return steps.size();
    }
}
