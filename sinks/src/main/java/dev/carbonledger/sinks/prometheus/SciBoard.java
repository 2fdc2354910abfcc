package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.avro.SciWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest Software Carbon Intensity per (model, functional unit) from the SCI topic: the value of the window with
 * the greatest start (for the same window, the record read last, so a final value supersedes a partial one).
 * Records without a value (no functional units counted in the window) are skipped: the gauge keeps the latest
 * window that had one. A pair not updated for {@code retireAfterMillis} (exporter clock; 0 = never) is not exposed.
 * At most {@code maxPairs} pairs are kept; records of further pairs are counted. Thread-safe.
 */
final class SciBoard {
    /** One exposed value. */
    record Sci(String model, String unit, double gramsPerUnit, long windowStartMillis) {}

    private record Key(String model, String unit) {}

    private record Held(Sci sci, long seenAtMillis) {}

    private final int maxPairs;
    private final long retireAfterMillis;
    private final Map<Key, Held> latest = new HashMap<>();
    private long overLimit;

    SciBoard(int maxPairs, long retireAfterMillis) {
        this.maxPairs = maxPairs;
        this.retireAfterMillis = retireAfterMillis;
    }

    synchronized void accept(SciWindow window, long nowMillis) {
        if (window == null || window.getSciGramsPerUnit() == null || !Double.isFinite(window.getSciGramsPerUnit())) {
            return;
        }
        Key key = new Key(window.getModel(), window.getUnit());
        long start = window.getWindowStart().toEpochMilli();
        Held held = latest.get(key);
        if (held == null && latest.size() >= maxPairs) {
            retire(nowMillis);
            if (latest.size() >= maxPairs) {
                overLimit++;
                return;
            }
        }
        if (held == null || start >= held.sci().windowStartMillis()) {
            latest.put(key, new Held(new Sci(key.model(), key.unit(), window.getSciGramsPerUnit(), start), nowMillis));
        }
    }

    synchronized List<Sci> current(long nowMillis) {
        List<Sci> out = new ArrayList<>();
        latest.values().stream().filter(h -> isActive(h, nowMillis)).map(Held::sci)
                .sorted(Comparator.comparing(Sci::model).thenComparing(Sci::unit)).forEach(out::add);
        return out;
    }

    /** Records of (model, unit) pairs beyond the bound, not exposed. */
    synchronized long overLimit() {
        return overLimit;
    }

    private void retire(long nowMillis) {
        latest.values().removeIf(h -> !isActive(h, nowMillis));
    }

    private boolean isActive(Held h, long nowMillis) {
        return retireAfterMillis == 0 || nowMillis - h.seenAtMillis() < retireAfterMillis;
    }
}
