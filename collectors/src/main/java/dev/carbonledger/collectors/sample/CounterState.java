package dev.carbonledger.collectors.sample;

import java.util.Map;

/**
 * What a source must remember across a collector restart so that its published counters continue instead of
 * dropping (a drop is read as a reset and would count energy twice): the last raw reading of every raw series
 * and the published total of every (pod, component). Keys are opaque strings owned by the source.
 */
public record CounterState(Map<String, Double> raw, Map<String, Double> totals) {
    public CounterState {
        raw = Map.copyOf(raw);
        totals = Map.copyOf(totals);
    }

    public static CounterState empty() {
        return new CounterState(Map.of(), Map.of());
    }

    public int size() {
        return raw.size() + totals.size();
    }
}
