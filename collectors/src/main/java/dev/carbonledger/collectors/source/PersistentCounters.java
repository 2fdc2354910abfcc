package dev.carbonledger.collectors.source;

import dev.carbonledger.collectors.sample.CounterState;

/**
 * An energy source whose published counters depend on what it read before (it sums raw counters per pod, or
 * remembers a device counter's baseline). The collector saves its state after every poll and restores it at
 * start, so a collector restart is not read as a counter reset (see {@code CounterStateFile}).
 */
public interface PersistentCounters {
    CounterState counterState();

    /** Called once, before the first poll. */
    void restoreCounterState(CounterState state);
}
