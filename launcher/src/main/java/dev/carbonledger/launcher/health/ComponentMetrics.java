package dev.carbonledger.launcher.health;

import dev.carbonledger.collectors.Collector;
import dev.carbonledger.collectors.publisher.PublisherStats;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingMetrics;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The process-level metrics each component serves beside its own: JVM metrics, {@code carbon_ledger_build_info},
 * and the component's counters (collector: samples and records published, failed sends, source failures; streams:
 * records processed, ignored, late, dead-lettered, and the client state), plus a curated set of Kafka client metrics.
 * Names are listed in docs/operations.md.
 */
public final class ComponentMetrics {
    private ComponentMetrics() {}

    /** The version of the running jar, or {@code dev} when run from classes. */
    public static String version() {
        String v = ComponentMetrics.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** JVM metrics and {@code carbon_ledger_build_info{version, component}}; safe to call once per registry. */
    public static void process(PrometheusRegistry registry, String component) {
        JvmMetrics.builder().register(registry);
        GaugeWithCallback.builder()
                .name("carbon_ledger_build_info")
                .help("Always 1; the labels say which carbon-ledger version and component(s) run in this process.")
                .labelNames("version", "component", "java_version")
                .callback(cb -> cb.call(1.0, version(), component, System.getProperty("java.version")))
                .register(registry);
    }

    /** The collector's counters. */
    public static void collector(PrometheusRegistry registry, Collector collector) {
        CounterWithCallback.builder()
                .name("carbon_ledger_collector_samples_published")
                .help("Energy samples the collector published and the broker acknowledged.")
                .callback(cb -> cb.call(collector.samplesPublished()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_ledger_collector_records_published")
                .help("Records the collector published and the broker acknowledged, by kind.")
                .labelNames("kind")
                .callback(cb -> {
                    PublisherStats s = collector.publisherStats();
                    cb.call(s.samples(), "energy_sample");
                    cb.call(s.pods(), "pod");
                    cb.call(s.nodes(), "node");
                    cb.call(s.intensityRecords(), "intensity");
                    cb.call(s.forecasts(), "forecast");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_ledger_collector_failed_sends")
                .help("Records the collector could not publish (the send failed after the producer's retries).")
                .callback(cb -> cb.call(collector.publisherStats().failedSends()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_ledger_collector_source_failures")
                .help("Failed polls per source (exporter unreachable, malformed answer, provider error ...).")
                .labelNames("source")
                .callback(cb -> collector.sourceFailures().forEach((source, n) -> cb.call(n, source)))
                .register(registry);
    }

    /** What the accounting topology counted, and its client state. */
    public static void streams(PrometheusRegistry registry, AccountingApp app) {
        AccountingMetrics m = app.metrics();
        CounterWithCallback.builder()
                .name("carbon_ledger_streams_records_processed")
                .help("Energy samples the accounting topology processed (passed validation).")
                .callback(cb -> cb.call(m.samplesProcessed()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_ledger_streams_samples_ignored")
                .help("Samples ignored as duplicates or out of order (DESIGN rule 1): counted, never an error.")
                .callback(cb -> cb.call(m.samplesIgnored()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_ledger_streams_late_pieces")
                .help("Pieces of energy for an already closed window, sent to the late-data topic.")
                .callback(cb -> cb.call(m.latePieces()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_ledger_streams_dead_letters")
                .help("Input records sent to the dead-letter topic, by reason.")
                .labelNames("reason")
                .callback(cb -> {
                    cb.call(m.get(AccountingMetrics.Counter.DEAD_LETTERED_DESERIALIZATION), "deserialization");
                    cb.call(m.get(AccountingMetrics.Counter.DEAD_LETTERED_INVALID), "invalid");
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("carbon_ledger_streams_state")
                .help("1 for the Kafka Streams client's current state (CREATED, REBALANCING, RUNNING, ERROR ...), 0 for the others.")
                .labelNames("state")
                .callback(cb -> {
                    KafkaStreams.State now = app.state();
                    for (KafkaStreams.State s : KafkaStreams.State.values()) {
                        cb.call(s == now ? 1.0 : 0.0, s.name());
                    }
                })
                .register(registry);
    }

    /** The selected Kafka client metrics of every client of the process (register once per registry). */
    public static void kafkaClients(PrometheusRegistry registry,
            List<Supplier<? extends Map<MetricName, ? extends Metric>>> clients) {
        registry.register(new KafkaClientMetrics(clients, KafkaClientMetrics.ALL));
    }

    public static Supplier<? extends Map<MetricName, ? extends Metric>> of(Collector collector) {
        return collector::kafkaMetrics;
    }

    public static Supplier<? extends Map<MetricName, ? extends Metric>> of(AccountingApp app) {
        return () -> app.kafkaStreams().metrics();
    }

    /** Readiness of the collector: after its first poll whose records the broker acknowledged. */
    public static Probe collectorReady(Collector collector) {
        return () -> {
            PublisherStats s = collector.publisherStats();
            long published = s.samples() + s.pods() + s.nodes() + s.intensityRecords() + s.forecasts();
            return published > 0 ? Probe.Result.ok("published " + published + " records")
                    : Probe.Result.failing("no record acknowledged by Kafka yet; source failures " + collector.sourceFailures());
        };
    }

    /** Readiness of the streams app: RUNNING. Liveness: not failed (ERROR, or shutting down). */
    public static Probe streamsReady(AccountingApp app) {
        return () -> app.state() == KafkaStreams.State.RUNNING ? Probe.Result.ok("RUNNING") : Probe.Result.failing(app.state().name());
    }

    public static Probe streamsLive(AccountingApp app) {
        return () -> {
            KafkaStreams.State s = app.state();
            boolean failed = s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                    || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN;
            return failed ? Probe.Result.failing(s.name()) : Probe.Result.ok(s.name());
        };
    }
}
