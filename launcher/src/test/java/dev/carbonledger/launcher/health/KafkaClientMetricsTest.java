package dev.carbonledger.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

/** The curated Kafka client metrics: client-level values only, latencies in seconds, one series per client. */
class KafkaClientMetricsTest {

    private static void add(Metrics metrics, String group, String name, Map<String, String> tags, double value) {
        MetricName metricName = metrics.metricName(name, group, "", tags);
        metrics.addMetric(metricName, (Measurable) (config, now) -> value);
    }

    @Test
    void shouldExposeTheSelectedClientLevelMetricsOfEveryClient() throws Exception {
        try (Metrics producer = new Metrics(); Metrics streams = new Metrics()) {
            add(producer, "producer-metrics", "record-send-rate", Map.of("client-id", "collector-producer"), 12.5);
            add(producer, "producer-metrics", "request-latency-avg", Map.of("client-id", "collector-producer"), 250.0);
            add(producer, "producer-topic-metrics", "record-send-rate", Map.of("client-id", "collector-producer", "topic", "t"), 99.0);
            add(producer, "producer-metrics", "io-ratio", Map.of("client-id", "collector-producer"), 0.5);
            add(streams, "stream-thread-metrics", "process-rate", Map.of("thread-id", "app-StreamThread-1"), 300.0);
            add(streams, "consumer-fetch-manager-metrics", "records-consumed-rate", Map.of("client-id", "app-consumer"), 40.0);
            add(streams, "consumer-fetch-manager-metrics", "records-consumed-rate",
                    Map.of("client-id", "app-consumer", "topic", "carbon.energy.samples"), 7.0);
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new KafkaClientMetrics(List.of(producer::metrics, streams::metrics), KafkaClientMetrics.ALL));

            String text = scrape(registry);

            assertThat(text)
                    .contains("carbon_ledger_kafka_producer_record_send_rate{client_id=\"collector-producer\"} 12.5")
                    .contains("carbon_ledger_kafka_producer_request_latency_avg_seconds{client_id=\"collector-producer\"} 0.25")
                    .contains("carbon_ledger_kafka_streams_process_rate{client_id=\"app-StreamThread-1\"} 300.0")
                    .contains("carbon_ledger_kafka_consumer_records_consumed_rate{client_id=\"app-consumer\"} 40.0")
                    .contains("# HELP carbon_ledger_kafka_producer_record_send_rate Records sent per second")
                    .doesNotContain("99.0").doesNotContain("} 7.0").doesNotContain("io_ratio");
        }
    }

    /** Through the health server, over HTTP, as Prometheus scrapes it. */
    private static String scrape(PrometheusRegistry registry) throws Exception {
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, registry, new Probes())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }
}
