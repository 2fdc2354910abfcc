package dev.carbonledger.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared health endpoint, over real HTTP on 127.0.0.1: probe states and the process metrics. */
class HealthServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private HealthServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAnswer503UntilEveryReadinessCheckPassesThen200() throws Exception {
        AtomicBoolean running = new AtomicBoolean(false);
        Probes probes = new Probes()
                .add("streams", () -> Probe.Result.ok("alive"),
                        () -> running.get() ? Probe.Result.ok("RUNNING") : Probe.Result.failing("REBALANCING"))
                .add("exporter", null, () -> Probe.Result.ok("caught up"));
        server = HealthServer.start("127.0.0.1", 0, new PrometheusRegistry(), probes);

        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(notReady.body());
        assertThat(body.get("ready").asBoolean()).isFalse();
        assertThat(body.at("/checks/streams/detail").asText()).isEqualTo("REBALANCING");
        assertThat(body.at("/checks/exporter/ok").asBoolean()).isTrue();
        assertThat(get("/livez").statusCode()).isEqualTo(200);

        running.set(true);

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("ready").asBoolean()).isTrue();
    }

    @Test
    void shouldFailLivenessWithTheReasonWhenACheckFailsOrThrows() throws Exception {
        Probes probes = new Probes()
                .add("streams", () -> Probe.Result.failing("ERROR"), null)
                .add("broken", () -> {
                    throw new IllegalStateException("no state yet");
                }, null);
        server = HealthServer.start("127.0.0.1", 0, new PrometheusRegistry(), probes);

        HttpResponse<String> live = get("/livez");

        assertThat(live.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(live.body());
        assertThat(body.at("/checks/streams/detail").asText()).isEqualTo("ERROR");
        assertThat(body.at("/checks/broken/detail").asText()).isEqualTo("check failed: no state yet");
        assertThat(get("/readyz").statusCode()).as("no readiness checks: ready").isEqualTo(200);
    }

    @Test
    void shouldServeJvmMetricsAndBuildInfoAndAnswer404Elsewhere() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        ComponentMetrics.process(registry, "collector");
        server = HealthServer.start("127.0.0.1", 0, registry, new Probes());

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("# HELP carbon_ledger_build_info")
                .containsPattern("carbon_ledger_build_info\\{component=\"collector\",java_version=\"[^\"]+\",version=\"[^\"]+\"} 1.0")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_current");
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
