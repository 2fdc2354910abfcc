package dev.carbonledger.collectors;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.sample.SeriesKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The energy the pipeline attributes to a stream of samples, by DESIGN section 4 rules 1-3 (arrival order per
 * series, baseline, increase with resets): what the collector's output must conserve.
 */
public final class LedgerEnergy {
    private final Map<SeriesKey, EnergySample> latest = new HashMap<>();
    private final Map<SeriesKey, Double> joules = new HashMap<>();

    public static Map<SeriesKey, Double> of(List<EnergySample> arrivals) {
        LedgerEnergy ledger = new LedgerEnergy();
        arrivals.forEach(ledger::accept);
        return ledger.joules;
    }

    public static double total(List<EnergySample> arrivals) {
        return of(arrivals).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public void accept(EnergySample s) {
        SeriesKey key = new SeriesKey(s.getPodUid(), s.getComponent());
        EnergySample previous = latest.get(key);
        if (previous != null && !s.getTimestamp().isAfter(previous.getTimestamp())) {
            return;
        }
        latest.put(key, s);
        double increase = previous == null ? 0
                : s.getEnergyJoules() >= previous.getEnergyJoules() ? s.getEnergyJoules() - previous.getEnergyJoules()
                : s.getEnergyJoules();
        joules.merge(key, increase, Double::sum);
    }
}
