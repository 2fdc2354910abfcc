package dev.carbonledger.sinks.prometheus;

import static dev.carbonledger.sinks.testing.Records.T0;
import static dev.carbonledger.sinks.testing.Records.dayStatus;
import static dev.carbonledger.sinks.testing.Records.intensity;
import static dev.carbonledger.sinks.testing.Records.late;
import static dev.carbonledger.sinks.testing.Records.sample;
import static dev.carbonledger.sinks.testing.Records.total;
import static dev.carbonledger.sinks.testing.Records.totalKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.sinks.testing.MutableClock;
import dev.carbonledger.sinks.testing.Records;
import dev.carbonledger.sinks.testing.Promtool;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarbonMetricsTest {
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    private static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void put(PipelineState state, EmissionsTotal t) {
        state.acceptTotal(totalKey(t), t);
    }

    private PipelineState fullState(List<String> labels) {
        PipelineState state = new PipelineState(labels, 10);
        put(state, total("ml-platform", "llama", "training", "DE", 3.6e6, 400));
        put(state, total("ml-platform", "bert", "serving", "DE", 7.2e6, 800));
        put(state, total("search", "unattributed", "default", "FR", 1.8e6, 25));
        state.acceptIntensity(intensity("DE", T0.minusSeconds(900), 410.5, false), T0.toEpochMilli());
        state.acceptLate(late("search", 10, 0.5));
        state.acceptDeadLetter("carbon.energy.samples");
        state.acceptSample(sample("node-a", T0.minusSeconds(30), 100));
        state.acceptSci(Records.sci("llama", "request", T0.minusSeconds(60), 0.002));
        state.samplesIn(42);
        state.lags(List.of(new PipelineState.Lag("carbon-ledger-accounting", "carbon.energy.samples", 7)));
        state.acceptBudgetStatus("research", dayStatus("research", BudgetTier.HARD, 1000, 1250, 2.5, null));
        state.acceptBudgetStatus("search", dayStatus("search", BudgetTier.SOFT, 2000, 500, 1.5,
                T0.plusSeconds(3 * 3600)));
        state.caughtUp();
        return state;
    }

    @Test
    void shouldExposeEveryMetricWithHelpUnitAndBaseUnitNames() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, fullState(ExporterConfig.EMISSION_LABELS), clock);

        String text = scrape(registry);

        assertThat(text)
                .contains("# HELP carbon_emissions_grams_total ")
                .contains("# TYPE carbon_emissions_grams_total counter")
                .doesNotContain("pod")
                .contains("carbon_emissions_grams_total{grid_zone=\"DE\",model=\"llama\",namespace=\"training\",team=\"ml-platform\"} 400.0")
                .contains("carbon_energy_joules_total{grid_zone=\"DE\",model=\"bert\",namespace=\"serving\",team=\"ml-platform\"} 7200000.0")
                .contains("grid_carbon_intensity_grams_per_kilowatt_hour{grid_zone=\"DE\",provider=\"file\",signal=\"average\"} 410.5")
                .contains("grid_carbon_intensity_actual_timestamp_seconds{grid_zone=\"DE\"} " + (double) T0.minusSeconds(900).getEpochSecond())
                .contains("carbon_pipeline_input_samples_total 42.0")
                .contains("carbon_pipeline_late_pieces_total{team=\"search\"} 1.0")
                .contains("carbon_pipeline_late_emissions_grams_total{team=\"search\"} 0.5")
                .contains("carbon_pipeline_dead_letter_records_total{source_topic=\"carbon.energy.samples\"} 1.0")
                .contains("carbon_pipeline_consumer_lag_records{group=\"carbon-ledger-accounting\",topic=\"carbon.energy.samples\"} 7.0")
                .contains("carbon_pipeline_node_last_sample_timestamp_seconds{node=\"node-a\"} " + (double) T0.minusSeconds(30).getEpochSecond())
                .doesNotContain("_age_seconds")
                .contains("carbon_sci_grams_per_unit{model=\"llama\",unit=\"request\"} 0.002")
                .contains("carbon_pipeline_exporter_emission_combinations_over_limit_total 0.0")
                .contains("carbon_pipeline_exporter_caught_up 1.0");
    }

    @Test
    void shouldExposeTheLatestWindowsSciPerModelAndUnitAndSkipWindowsWithoutUnits() throws IOException {
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 10);
        state.acceptSci(Records.sci("llama", "request", T0.minusSeconds(120), 0.004));
        state.acceptSci(Records.sci("llama", "request", T0.minusSeconds(60), 0.003));
        state.acceptSci(Records.sci("llama", "request", T0.minusSeconds(180), 0.009)); // an older window, read late
        state.acceptSci(Records.sci("llama", "request", T0, null));                     // no request counted
        state.acceptSci(Records.sci("llama", "token", T0, 0.00001));
        state.acceptSci(Records.sci("bert", "inference", T0, null));
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, state, clock);

        String text = scrape(registry);

        assertThat(text).contains("# TYPE carbon_sci_grams_per_unit gauge")
                .contains("carbon_sci_grams_per_unit{model=\"llama\",unit=\"request\"} 0.003")
                .contains("carbon_sci_grams_per_unit{model=\"llama\",unit=\"token\"} 1.0E-5")
                .doesNotContain("model=\"bert\"");
    }

    @Test
    void shouldBoundSciPairsAndCountTheRecordsOfFurtherPairs() throws IOException {
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 10, 1, 0, clock);
        state.acceptSci(Records.sci("llama", "request", T0, 0.002));
        state.acceptSci(Records.sci("bert", "request", T0, 0.001));
        state.acceptSci(Records.sci("bert", "request", T0.plusSeconds(60), 0.001));
        state.acceptSci(Records.sci("llama", "request", T0.plusSeconds(60), 0.003));
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, state, clock);

        String text = scrape(registry);

        assertThat(text).contains("carbon_sci_grams_per_unit{model=\"llama\",unit=\"request\"} 0.003")
                .doesNotContain("model=\"bert\"")
                .contains("carbon_pipeline_exporter_sci_over_limit_records_total 2.0");
    }

    @Test
    void shouldCapEmissionSeriesWithAnOtherSeriesThatPassesPromtool() throws Exception {
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 10, 2, 0, clock);
        put(state, total("ml-platform", "llama", "training", "DE", 3.6e6, 400));
        put(state, total("ml-platform", "bert", "serving", "DE", 7.2e6, 800));
        put(state, total("search", "bert", "serving", "FR", 1.8e6, 25));
        put(state, total("ads", "gpt", "ads", "PL", 0.2e6, 75));
        state.caughtUp();
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, state, clock);

        String text = scrape(registry);

        assertThat(text)
                .contains("carbon_emissions_grams_total{grid_zone=\"other\",model=\"other\",namespace=\"other\",team=\"other\"} 100.0")
                .contains("carbon_energy_joules_total{grid_zone=\"other\",model=\"other\",namespace=\"other\",team=\"other\"} 2000000.0")
                .contains("carbon_pipeline_exporter_emission_combinations_over_limit_total 2.0");
        assertThat(text.lines().filter(l -> l.startsWith("carbon_emissions_grams_total{"))).hasSize(3);
        Promtool.Result result = Promtool.checkMetrics(text);
        assertThat(result.output()).isBlank();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void shouldRetireEmissionNodeAndSciSeriesNotUpdatedForTheRetirementTime() throws IOException {
        MutableClock now = new MutableClock(T0);
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 1, 10, Duration.ofHours(1).toMillis(), now);
        put(state, total("ml-platform", "llama", "training", "DE", 3.6e6, 400));
        put(state, total("search", "bert", "serving", "FR", 1.8e6, 25));
        state.acceptSample(sample("node-a", T0, 1));
        state.acceptSci(Records.sci("llama", "request", T0, 0.002));
        state.caughtUp();
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, state, now);

        // When only search's total and a new node's sample arrive in the next hour
        now.advance(Duration.ofMinutes(30));
        put(state, total("search", "bert", "serving", "FR", 2.0e6, 30));
        now.advance(Duration.ofMinutes(30));
        state.acceptSample(sample("node-b", T0.plusSeconds(3600), 1)); // node-a retired: node-b takes its place
        String text = scrape(registry);

        // Then the idle series are gone, the others stay
        assertThat(text).contains("carbon_emissions_grams_total{grid_zone=\"FR\",model=\"bert\",namespace=\"serving\",team=\"search\"} 30.0")
                .doesNotContain("team=\"ml-platform\"")
                .doesNotContain("carbon_sci_grams_per_unit{")
                .doesNotContain("node=\"node-a\"")
                .contains("carbon_pipeline_node_last_sample_timestamp_seconds{node=\"node-b\"}")
                .contains("carbon_pipeline_exporter_nodes_over_limit_samples_total 0.0");

        // And a retired emission series comes back with its whole total when it is updated again
        put(state, total("ml-platform", "llama", "training", "DE", 4.0e6, 450));
        assertThat(scrape(registry)).contains("carbon_emissions_grams_total{grid_zone=\"DE\",model=\"llama\",namespace=\"training\",team=\"ml-platform\"} 450.0");
    }

    @Test
    void shouldPassPromtoolCheckMetrics() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, fullState(ExporterConfig.EMISSION_LABELS), clock);

        Promtool.Result result = Promtool.checkMetrics(scrape(registry));

        assertThat(result.output()).as("promtool check metrics output").isBlank();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void shouldSumSeriesOverLabelsOutsideTheAllowList() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, fullState(List.of("team")), clock);

        String text = scrape(registry);

        assertThat(text).contains("carbon_emissions_grams_total{team=\"ml-platform\"} 1200.0")
                .contains("carbon_emissions_grams_total{team=\"search\"} 25.0")
                .doesNotContain("namespace=\"training\"");
    }

    @Test
    void shouldWithholdCountersUntilCaughtUpSoThatTheyNeverGoBackwards() throws IOException {
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 10);
        put(state, total("search", "m", "default", "FR", 1, 1));
        state.acceptLate(late("search", 1, 1));
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, state, clock);

        String before = scrape(registry);
        state.caughtUp();
        String after = scrape(registry);

        assertThat(before).doesNotContain("carbon_emissions_grams_total{")
                .doesNotContain("carbon_pipeline_late_pieces_total{")
                .contains("carbon_pipeline_exporter_caught_up 0.0");
        assertThat(after).contains("carbon_emissions_grams_total{grid_zone=\"FR\",model=\"m\",namespace=\"default\",team=\"search\"} 1.0");
    }

    @Test
    void shouldBoundNodeLabelsAndCountTheRest() throws IOException {
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 2);
        for (String node : List.of("n1", "n2", "n3", "n4")) {
            state.acceptSample(sample(node, T0, 1));
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, state, clock);

        String text = scrape(registry);

        assertThat(state.lastSampleByNode()).containsOnlyKeys("n1", "n2");
        assertThat(text).contains("carbon_pipeline_exporter_nodes_over_limit_samples_total 2.0");
    }

    @Test
    void shouldExposeBudgetGaugesPerTeamPeriodAndTierWhenTheStatusIsOfTheCurrentPeriod() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, fullState(ExporterConfig.EMISSION_LABELS), clock);

        String text = scrape(registry);

        String research = "{period=\"day\",team=\"research\",tier=\"hard\"}";
        String search = "{period=\"day\",team=\"search\",tier=\"soft\"}";
        assertThat(text)
                .contains("# TYPE carbon_budget_used_ratio gauge")
                .contains("# HELP carbon_budget_limit_grams ")
                .contains("carbon_budget_limit_grams" + research + " 1000.0")
                .contains("carbon_budget_spent_grams" + research + " 1250.0")
                .contains("carbon_budget_remaining_grams" + research + " -250.0")
                .contains("carbon_budget_used_ratio" + research + " 1.25")
                .contains("carbon_budget_burn_rate_ratio" + research + " 2.5")
                .contains("carbon_budget_used_ratio" + search + " 0.25")
                .contains("carbon_budget_projected_exhaustion_timestamp_seconds" + search + " "
                        + (double) T0.plusSeconds(3 * 3600).getEpochSecond())
                .doesNotContain("carbon_budget_projected_exhaustion_timestamp_seconds" + research);
    }

    @Test
    void shouldHideBudgetGaugesWhenTheLatestStatusIsOfAPastPeriod() throws IOException {
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 10);
        Instant yesterday = Instant.parse("2026-02-28T00:00:00Z");
        state.acceptBudgetStatus("research", Records.status("research", BudgetPeriod.DAY, BudgetTier.HARD, yesterday,
                yesterday.plusSeconds(86_400), 1000, 900, 1.0, null));
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, state, clock);

        String text = scrape(registry);

        assertThat(text).doesNotContain("carbon_budget_spent_grams{");
    }
}
