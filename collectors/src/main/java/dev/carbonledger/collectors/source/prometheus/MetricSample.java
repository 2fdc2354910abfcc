package dev.carbonledger.collectors.source.prometheus;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/** One sample line of the Prometheus text exposition format: name, labels, value, optional timestamp (ms). */
public record MetricSample(String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {

    public MetricSample {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(timestampMillis, "timestampMillis");
    }

    /** The label's value, or {@code ""} when absent (Prometheus treats both alike). */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }
}
