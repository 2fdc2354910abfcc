package dev.carbonledger.launcher.health;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A curated selection of a Kafka client's own metrics (producer, consumer or Kafka Streams), read at scrape
 * time and exposed as gauges with a stable name and help, one series per client (label {@code client_id}; for
 * stream-thread metrics the thread id). Everything else a client measures stays out, so the series count is bounded.
 */
public final class KafkaClientMetrics implements MultiCollector {
    /** One selected Kafka metric: its group and name, and the Prometheus gauge it becomes. */
    public record Selected(String group, String kafkaName, String prometheusName, String help, double scale) {
        Selected(String group, String kafkaName, String prometheusName, String help) {
            this(group, kafkaName, prometheusName, help, 1.0);
        }
    }

    public static final List<Selected> PRODUCER = List.of(
            new Selected("producer-metrics", "record-send-rate", "carbon_ledger_kafka_producer_record_send_rate",
                    "Records sent per second by the producer (Kafka record-send-rate)."),
            new Selected("producer-metrics", "record-error-rate", "carbon_ledger_kafka_producer_record_error_rate",
                    "Records per second whose send failed (Kafka record-error-rate)."),
            new Selected("producer-metrics", "request-latency-avg", "carbon_ledger_kafka_producer_request_latency_avg_seconds",
                    "Average produce request latency in seconds (Kafka request-latency-avg, in ms, / 1000).", 0.001),
            new Selected("producer-metrics", "buffer-available-bytes", "carbon_ledger_kafka_producer_buffer_available_bytes",
                    "Unused bytes of the producer's send buffer (Kafka buffer-available-bytes)."));

    public static final List<Selected> CONSUMER = List.of(
            new Selected("consumer-fetch-manager-metrics", "records-lag-max", "carbon_ledger_kafka_consumer_records_lag_max",
                    "Largest lag in records of any partition this consumer reads (Kafka records-lag-max)."),
            new Selected("consumer-fetch-manager-metrics", "records-consumed-rate",
                    "carbon_ledger_kafka_consumer_records_consumed_rate",
                    "Records consumed per second (Kafka records-consumed-rate)."));

    public static final List<Selected> STREAMS = List.of(
            new Selected("stream-thread-metrics", "process-rate", "carbon_ledger_kafka_streams_process_rate",
                    "Records processed per second by a stream thread (Kafka Streams process-rate)."),
            new Selected("stream-thread-metrics", "commit-latency-avg", "carbon_ledger_kafka_streams_commit_latency_avg_seconds",
                    "Average commit latency of a stream thread in seconds (Kafka Streams commit-latency-avg, in ms, / 1000).", 0.001),
            new Selected("stream-metrics", "alive-stream-threads", "carbon_ledger_kafka_streams_alive_stream_threads",
                    "Stream threads alive in this Kafka Streams client (Kafka Streams alive-stream-threads)."));

    /** Everything selected: producer, consumer and Kafka Streams metrics. */
    public static final List<Selected> ALL = java.util.stream.Stream.of(PRODUCER, CONSUMER, STREAMS)
            .flatMap(List::stream).toList();

    private final List<Supplier<? extends Map<MetricName, ? extends Metric>>> clients;
    private final List<Selected> selection;

    /**
     * @param clients each client's {@code metrics()}, read at every scrape; one collector for every client of a
     *                process, as a registry takes each metric name once
     */
    public KafkaClientMetrics(List<Supplier<? extends Map<MetricName, ? extends Metric>>> clients, List<Selected> selection) {
        this.clients = List.copyOf(clients);
        this.selection = List.copyOf(selection);
    }

    @Override
    public MetricSnapshots collect() {
        Map<MetricName, Metric> current = new java.util.HashMap<>();
        clients.forEach(client -> current.putAll(client.get()));
        List<GaugeSnapshot> snapshots = new ArrayList<>();
        for (Selected s : selection) {
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(s.prometheusName()).help(s.help());
            List<String> seen = new ArrayList<>();
            current.forEach((name, metric) -> {
                // Client-level values only: the same name also exists per topic and per partition.
                if (!name.group().equals(s.group()) || !name.name().equals(s.kafkaName())
                        || name.tags().containsKey("topic") || name.tags().containsKey("partition")) {
                    return;
                }
                String client = name.tags().getOrDefault("thread-id", name.tags().getOrDefault("client-id", ""));
                if (seen.contains(client) || !(metric.metricValue() instanceof Number value)) {
                    return;
                }
                seen.add(client);
                gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("client_id", client)).value(value.doubleValue() * s.scale()).build());
            });
            snapshots.add(gauge.build());
        }
        return new MetricSnapshots(snapshots.toArray(new GaugeSnapshot[0]));
    }

    @Override
    public List<String> getPrometheusNames() {
        return selection.stream().map(Selected::prometheusName).toList();
    }
}
