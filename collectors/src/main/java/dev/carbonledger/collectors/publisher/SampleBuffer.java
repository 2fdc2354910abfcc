package dev.carbonledger.collectors.publisher;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.sample.SeriesKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Energy readings waiting for Kafka, per series, in time order; bounded. Counters are cumulative, so when the
 * buffer is full the readings inside a rising run of a series are merged into the run's last one: the
 * pipeline then sees one larger increase instead of several small ones — the same joules, spread over a longer
 * interval (a gap loses resolution, never energy). The readings on both sides of a drop (a counter reset) are
 * kept: the one before holds the energy before the reset, the one after tells the pipeline that it was a reset.
 * The first reading of a series the broker never acknowledged is kept too: it is the pipeline's baseline. Only when every series is down to those readings and the
 * buffer is still full is the oldest reading dropped, and counted. Not thread-safe.
 */
final class SampleBuffer {
    private final int capacity;
    private final Map<SeriesKey, List<EnergySample>> series = new LinkedHashMap<>();
    /**
     * Per series, the last reading the broker acknowledged (the pipeline's latest): a first buffered reading below it
     * marks a reset; a series with none has its first buffered reading kept, as it is the pipeline's baseline.
     */
    private final Map<SeriesKey, Double> lastDelivered = new LinkedHashMap<>();
    private static final int MAX_REMEMBERED_SERIES = 100_000;
    private int size;
    private long merged;
    private long dropped;

    SampleBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a reading in its series' time order; a reading with a time already buffered replaces nothing. */
    void add(EnergySample sample) {
        List<EnergySample> readings = series.computeIfAbsent(
                new SeriesKey(sample.getPodUid(), sample.getComponent()), k -> new ArrayList<>());
        int at = readings.size();
        while (at > 0 && readings.get(at - 1).getTimestamp().isAfter(sample.getTimestamp())) {
            at--;
        }
        if (at > 0 && readings.get(at - 1).getTimestamp().equals(sample.getTimestamp())) {
            return;
        }
        readings.add(at, sample);
        size++;
        if (size > capacity) {
            compact();
        }
    }

    /** Everything buffered, series by series in time order; the buffer is empty afterwards. */
    List<EnergySample> drain() {
        List<EnergySample> all = new ArrayList<>(size);
        series.values().forEach(all::addAll);
        series.clear();
        size = 0;
        return all;
    }

    /** Remembers {@code sample} as the last reading of its series the broker acknowledged. */
    void delivered(EnergySample sample) {
        if (lastDelivered.size() >= MAX_REMEMBERED_SERIES) {
            // forgetting only makes compaction keep more (a first reading per series)
            lastDelivered.clear();
        }
        lastDelivered.put(new SeriesKey(sample.getPodUid(), sample.getComponent()), sample.getEnergyJoules());
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    /** Readings merged into a later reading of their series so far. */
    long merged() {
        return merged;
    }

    /** Readings dropped because even merged readings did not fit (energy may be lost: logged loudly). */
    long dropped() {
        return dropped;
    }

    private void compact() {
        for (Map.Entry<SeriesKey, List<EnergySample>> entry : series.entrySet()) {
            List<EnergySample> readings = entry.getValue();
            List<EnergySample> kept = new ArrayList<>();
            Double before = lastDelivered.get(entry.getKey());
            for (int i = 0; i < readings.size(); i++) {
                double value = readings.get(i).getEnergyJoules();
                boolean last = i == readings.size() - 1;
                boolean baseline = i == 0 && before == null;
                boolean beforeReset = !last && readings.get(i + 1).getEnergyJoules() < value;
                Double previous = i == 0 ? before : (Double) readings.get(i - 1).getEnergyJoules();
                boolean afterReset = previous != null && value < previous;
                if (last || baseline || beforeReset || afterReset) {
                    kept.add(readings.get(i));
                }
            }
            merged += readings.size() - kept.size();
            size -= readings.size() - kept.size();
            entry.setValue(kept);
        }
        while (size > capacity) {
            List<EnergySample> oldest = null;
            for (List<EnergySample> readings : series.values()) {
                if (readings.size() > 1 && (oldest == null
                        || readings.get(0).getTimestamp().isBefore(oldest.get(0).getTimestamp()))) {
                    oldest = readings;
                }
            }
            if (oldest == null) {
                // one reading per series and still too many series: keep them all rather than lose a series
                return;
            }
            oldest.remove(0);
            size--;
            dropped++;
        }
    }
}
