package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.avro.IntensityRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Grid intensity per (zone, signal) as a step function (DESIGN 4.5): the value in effect at {@code t} is the
 * record with the greatest {@code from <= t}; for the same zone and {@code from}, the record that arrived last
 * wins. Entries older than the one in effect are pruned, so memory stays bounded by the future values
 * (forecasts) per zone. Thread-safe.
 */
final class IntensityBoard {
    /** The value in effect for a zone and signal, with its provider. */
    record InEffect(String zone, String signal, String provider, double gCo2ePerKwh, long fromMillis) {}

    private record Key(String zone, String signal) {}

    private final Map<Key, NavigableMap<Long, IntensityRecord>> steps = new HashMap<>();
    private final Map<String, Long> newestActualFrom = new HashMap<>();

    synchronized void accept(IntensityRecord record, long nowMillis) {
        String zone = record.getZone().toString();
        Key key = new Key(zone, record.getSignal().name().toLowerCase(java.util.Locale.ROOT));
        NavigableMap<Long, IntensityRecord> step = steps.computeIfAbsent(key, k -> new TreeMap<>());
        long from = record.getFrom().toEpochMilli();
        step.put(from, record);
        if (!record.getForecast() && from <= nowMillis) {
            newestActualFrom.merge(zone, from, Math::max);
        }
        prune(step, nowMillis);
    }

    /** The value in effect now for every (zone, signal) that has one. */
    synchronized List<InEffect> inEffect(long nowMillis) {
        List<InEffect> out = new ArrayList<>();
        for (Map.Entry<Key, NavigableMap<Long, IntensityRecord>> e : steps.entrySet()) {
            Entry<Long, IntensityRecord> current = e.getValue().floorEntry(nowMillis);
            if (current != null) {
                IntensityRecord r = current.getValue();
                out.add(new InEffect(e.getKey().zone(), e.getKey().signal(), r.getProvider().toString(),
                        r.getGCo2ePerKwh(), current.getKey()));
            }
        }
        return out;
    }

    /** The start of the newest actual (non-forecast) value per zone that is not in the future. */
    synchronized Map<String, Long> newestActualFrom() {
        return Map.copyOf(newestActualFrom);
    }

    synchronized Optional<Double> valueAt(String zone, String signal, long atMillis) {
        NavigableMap<Long, IntensityRecord> step = steps.get(new Key(zone, signal));
        if (step == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(step.floorEntry(atMillis)).map(en -> en.getValue().getGCo2ePerKwh());
    }

    private static void prune(NavigableMap<Long, IntensityRecord> step, long nowMillis) {
        Long current = step.floorKey(nowMillis);
        if (current != null) {
            step.headMap(current, false).clear();
        }
    }
}
