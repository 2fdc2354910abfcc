package dev.carbonledger.collectors.source.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.collectors.MutableClock;
import dev.carbonledger.collectors.TestHttpServer;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorConfigException;
import dev.carbonledger.collectors.source.http.HttpText;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scrapes a real HTTP server on 127.0.0.1 serving a recorded vLLM-style exposition ({@code units/vllm-metrics.txt}). */
class PrometheusUnitScraperTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:07Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final HttpText http = HttpText.withTimeout(Duration.ofSeconds(5));

    private static FunctionalUnitTarget target(TestHttpServer server, String spec) {
        List<String> errors = new ArrayList<>();
        List<FunctionalUnitTarget> targets = FunctionalUnitTarget.parseAll("TEST",
                "url=" + server.uri("/metrics") + "," + spec, errors);
        assertThat(errors).isEmpty();
        return targets.get(0);
    }

    @Test
    void shouldPublishOneSeriesPerLabelSetWithTheModelFromItsLabel() throws IOException {
        try (TestHttpServer server = new TestHttpServer()
                .respondWithResource("/metrics", "text/plain; version=0.0.4", "/units/vllm-metrics.txt")) {
            PrometheusUnitScraper scraper = new PrometheusUnitScraper(http,
                    target(server, "metric=vllm:request_success_total,model_label=model_name,unit=request"), clock);

            List<FunctionalUnitSample> units = scraper.units();
            assertThat(scraper.name()).isEqualTo("units:" + server.uri("/metrics").getAuthority()
                    + "/vllm:request_success_total");

            // Four series with a model label; the one without (engine 1, no model_name) is skipped.
            assertThat(units).hasSize(4);
            assertThat(units).extracting(FunctionalUnitSample::getModel)
                    .containsExactly("llama-3-8b", "llama-3-8b", "llama-3-8b", "mistral-7b");
            assertThat(units).extracting(FunctionalUnitSample::getCount).containsExactly(1523.0, 87.0, 0.0, 402.0);
            assertThat(units).extracting(FunctionalUnitSample::getSeries).doesNotHaveDuplicates();
            assertThat(units.get(0).getSeries()).isEqualTo(server.uri("/metrics")
                    + " vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"llama-3-8b\"}");
            assertThat(units).allSatisfy(u -> {
                assertThat(u.getUnit()).isEqualTo("request");
                assertThat(u.getTimestamp()).isEqualTo(NOW);
                assertThat(u.getSource()).isEqualTo("prometheus");
            });
        }
    }

    @Test
    void shouldUseFixedModelMatchLabelsAndKeepTheExpositionTimestamp() throws IOException {
        try (TestHttpServer server = new TestHttpServer()
                .respondWithResource("/metrics", "text/plain; version=0.0.4", "/units/vllm-metrics.txt")) {
            List<FunctionalUnitSample> requests = new PrometheusUnitScraper(http, target(server,
                    "metric=http_requests_total,model=llama-3-8b,unit=request,match.handler=/v1/completions,match.status=2xx"),
                    clock).units();
            assertThat(requests).singleElement().satisfies(u -> {
                assertThat(u.getModel()).isEqualTo("llama-3-8b");
                assertThat(u.getCount()).isEqualTo(1610.0);
            });

            List<FunctionalUnitSample> tokens = new PrometheusUnitScraper(http, target(server,
                    "metric=vllm:generation_tokens_total,model_label=model_name,unit=token"), clock).units();
            assertThat(tokens).extracting(FunctionalUnitSample::getTimestamp)
                    .containsExactly(NOW, Instant.ofEpochMilli(1777629600000L));
        }
    }

    @Test
    void shouldFailTheScrapeWhenTheEndpointAnswersAnError() {
        try (TestHttpServer server = new TestHttpServer().respond("/metrics", 503, "text/plain", "overloaded")) {
            PrometheusUnitScraper scraper = new PrometheusUnitScraper(http,
                    target(server, "metric=vllm:request_success_total,model_label=model_name,unit=request"), clock);
            assertThatThrownBy(scraper::units).isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
        }
    }

    @Test
    void shouldReportEveryTargetErrorAtOnce() {
        List<String> errors = new ArrayList<>();
        List<FunctionalUnitTarget> targets = FunctionalUnitTarget.parseAll("CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS",
                "url=http://a:1/metrics,metric=ok_total,model=a,unit=request;"
                        + " url=ftp://b,metric=bad-name,unit=,colour=blue ;"
                        + "url=http://c/metrics,metric=c_total,model=c,model_label=m,unit=request", errors);
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.fixedModel()).isEqualTo("a");
            assertThat(t.match()).isEqualTo(Map.of());
        });
        assertThat(errors).containsExactly(
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS target 2: unknown key 'colour' (known: url, metric, model_label, model, unit, match.<label>)",
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS target 2: url must be http or https, got 'ftp://b'",
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS target 2: metric must be a Prometheus metric name, got 'bad-name'",
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS target 2: give exactly one of model_label (the label naming the model) or model (a fixed model)",
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS target 2: unit is required (request, inference, token, training_step ...)",
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS target 3: give exactly one of model_label (the label naming the model) or model (a fixed model)");
    }

    @Test
    void shouldReportTargetErrorsWithTheRestOfTheConfigurationAndWireValidTargets() {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(Map.of(
                "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "demo",
                "CARBON_LEDGER_COLLECTOR_ENERGY_INTERVAL", "soon",
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS", "url=http://llm:8000/metrics,metric=x_total,unit=request")))
                .isInstanceOf(CollectorConfigException.class)
                .satisfies(e -> assertThat(((CollectorConfigException) e).errors())
                        .anyMatch(m -> m.contains("ENERGY_INTERVAL"))
                        .contains("CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS target 1: give exactly one of model_label"
                                + " (the label naming the model) or model (a fixed model)"));

        CollectorConfig ok = CollectorConfig.fromEnv(Map.of("CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "demo",
                "CARBON_LEDGER_COLLECTOR_FUNCTIONAL_UNITS",
                "url=http://llm:8000/metrics,metric=vllm:request_success_total,model_label=model_name,unit=request"));
        assertThat(ok.functionalUnits()).singleElement().satisfies(t -> {
            assertThat(t.modelLabel()).isEqualTo("model_name");
            assertThat(t.unit()).isEqualTo("request");
        });
    }
}
