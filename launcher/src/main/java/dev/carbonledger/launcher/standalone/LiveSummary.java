package dev.carbonledger.launcher.standalone;

import dev.carbonledger.collectors.Collector;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import dev.carbonledger.streams.AccountingApp;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** The one-line live summary standalone prints every few seconds: rates since the last line and totals so far. */
final class LiveSummary {
    private final Collector collector;
    private final AccountingApp accounting;
    private final MetricsExporter exporter;
    private long lastPublished;
    private long lastProcessed;
    private long lastNanos = System.nanoTime();

    LiveSummary(Collector collector, AccountingApp accounting, MetricsExporter exporter) {
        this.collector = collector;
        this.accounting = accounting;
        this.exporter = exporter;
    }

    synchronized String line() {
        long now = System.nanoTime();
        double seconds = Math.max((now - lastNanos) / 1e9, 1e-3);
        long published = collector.samplesPublished();
        long processed = accounting.metrics().samplesProcessed();
        String line = String.format("samples published=%d (%.0f/s) processed=%d (%.0f/s) | emissions so far %.3f gCO2e | dead-lettered=%d%s",
                published, (published - lastPublished) / seconds, processed, (processed - lastProcessed) / seconds,
                gramsSoFar(), accounting.metrics().deadLettered(), budgets());
        lastPublished = published;
        lastProcessed = processed;
        lastNanos = now;
        return line;
    }

    /** {@code | budgets used: research 104%, search 62%, ...} from the exporter's budget gauges, most used first. */
    private String budgets() {
        java.util.Map<String, Double> used = new java.util.TreeMap<>();
        for (MetricSnapshot snapshot : exporter.registry().scrape()) {
            if (snapshot instanceof GaugeSnapshot gauge
                    && gauge.getMetadata().getPrometheusName().equals("carbon_budget_used_ratio")) {
                for (GaugeSnapshot.GaugeDataPointSnapshot point : gauge.getDataPoints()) {
                    used.put(point.getLabels().get("team"), point.getValue());
                }
            }
        }
        if (used.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" | budgets used:");
        used.entrySet().stream().sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> b.append(String.format(" %s %.0f%%", e.getKey(), e.getValue() * 100)));
        return b.toString();
    }

    /** Σ carbon_emissions_grams_total as the exporter serves it. */
    private double gramsSoFar() {
        double sum = 0;
        for (MetricSnapshot snapshot : exporter.registry().scrape()) {
            if (snapshot instanceof CounterSnapshot counter
                    && counter.getMetadata().getPrometheusName().startsWith("carbon_emissions")) {
                for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
                    sum += point.getValue();
                }
            }
        }
        return sum;
    }
}
