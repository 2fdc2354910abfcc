package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.domain.intensity.IntensityStep;
import dev.carbonledger.domain.intensity.IntensityTimeline;
import dev.carbonledger.domain.intensity.Signal;
import dev.carbonledger.schemas.mapping.DomainRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Grid intensity per (zone, signal) as DESIGN rule 5's step function, the very one the ledger uses
 * ({@link IntensityTimeline}): the value in effect at {@code t} is the record with the greatest {@code from <= t}; for
 * the same zone and {@code from}, the record that arrived last wins. Both signals are exposed, each on its own step
 * function, so a marginal record never supersedes an average one (only the accounting signal enters the ledger).
 * Steps older than the one in effect are pruned, so memory stays bounded by the future values (forecasts) per zone.
 * Thread-safe.
 */
final class IntensityBoard {
    /** The value in effect for a zone and signal, with its provider. */
    record InEffect(String zone, String signal, String provider, double gCo2ePerKwh, long fromMillis) {}

    private record Key(String zone, Signal signal) {}

    /** A zone and signal's step function, with the provider of each step (by its {@code from}). */
    private static final class Steps {
        final IntensityTimeline timeline = new IntensityTimeline(Double.NaN);
        final TreeMap<Long, String> providers = new TreeMap<>();
    }

    private final Map<Key, Steps> steps = new HashMap<>();
    private final Map<String, Long> newestActualFrom = new HashMap<>();

    synchronized void accept(IntensityRecord record, long nowMillis) {
        String zone = record.getZone();
        Steps s = steps.computeIfAbsent(new Key(zone, DomainRecords.signal(record.getSignal())), k -> new Steps());
        long from = record.getFrom().toEpochMilli();
        s.timeline.put(from, record.getGCo2ePerKwh());
        s.providers.put(from, record.getProvider());
        if (!record.getForecast() && from <= nowMillis) {
            newestActualFrom.merge(zone, from, Math::max);
        }
        prune(s, nowMillis);
    }

    /** The value in effect now for every (zone, signal) that has one. */
    synchronized List<InEffect> inEffect(long nowMillis) {
        List<InEffect> out = new ArrayList<>();
        for (Map.Entry<Key, Steps> e : steps.entrySet()) {
            IntensityStep step = e.getValue().timeline.at(nowMillis);
            if (step.fromMillis() != null) {
                out.add(new InEffect(e.getKey().zone(), e.getKey().signal().label(),
                        e.getValue().providers.get(step.fromMillis()), step.gCo2ePerKwh(), step.fromMillis()));
            }
        }
        return out;
    }

    /** The start of the newest actual (non-forecast) value per zone that is not in the future. */
    synchronized Map<String, Long> newestActualFrom() {
        return Map.copyOf(newestActualFrom);
    }

    synchronized Optional<Double> valueAt(String zone, String signal, long atMillis) {
        Steps s = steps.get(new Key(zone, Signal.parse(signal)));
        if (s == null) {
            return Optional.empty();
        }
        IntensityStep step = s.timeline.at(atMillis);
        return step.fromMillis() == null ? Optional.empty() : Optional.of(step.gCo2ePerKwh());
    }

    private static void prune(Steps s, long nowMillis) {
        s.timeline.pruneBefore(nowMillis);
        Long inEffect = s.providers.floorKey(nowMillis);
        if (inEffect != null) {
            s.providers.headMap(inEffect, false).clear();
        }
    }
}
