package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.domain.budget.BurnStatus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The exported metrics, all computed at scrape time from {@link PipelineState} (callbacks, no {@code inc()}):
 * the pipeline already publishes absolute, monotonic totals and budget burn. Freshness is exported as timestamps
 * (alert on {@code time() - x}), never as ages. Names follow Prometheus conventions (base units,
 * unit last); the client adds the unit and {@code _total} at scrape time. The table in sinks/README.md lists
 * every name, type, label set and help text and must stay in sync with this class.
 */
final class CarbonMetrics {
    static final Unit GRAMS_PER_KILOWATT_HOUR = new Unit("grams_per_kilowatt_hour");
    static final Unit RECORDS = new Unit("records");
    static final Unit GRAMS_PER_UNIT = new Unit("grams_per_unit");
    private static final String[] BUDGET_LABELS = {"team", "period", "tier"};

    private CarbonMetrics() {}

    static void register(PrometheusRegistry registry, PipelineState state, Clock clock) {
        String[] emissionLabels = state.emissionLabels().toArray(String[]::new);
        CounterWithCallback.builder()
                .name("carbon_emissions").unit(Unit.GRAMS)
                .help("Emissions in grams CO2e since the pipeline started, including late pieces")
                .labelNames(emissionLabels)
                .callback(cb -> state.emissions().forEach(s -> cb.call(s.grams(), values(s.labelValues()))))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_energy").unit(Unit.JOULES)
                .help("Measured IT energy in joules (without PUE) since the pipeline started")
                .labelNames(emissionLabels)
                .callback(cb -> state.emissions().forEach(s -> cb.call(s.joules(), values(s.labelValues()))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("grid_carbon_intensity").unit(GRAMS_PER_KILOWATT_HOUR)
                .help("Grid carbon intensity in effect now per grid zone (gCO2e/kWh), by signal and provider")
                .labelNames("grid_zone", "signal", "provider")
                .callback(cb -> state.intensityInEffect(clock.millis())
                        .forEach(i -> cb.call(i.gCo2ePerKwh(), i.zone(), i.signal(), i.provider())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("grid_carbon_intensity_actual_timestamp").unit(Unit.SECONDS)
                .help("Start of the newest actual (non-forecast) intensity value per grid zone, in seconds since "
                        + "the Unix epoch")
                .labelNames("grid_zone")
                .callback(cb -> state.newestActualIntensityFrom()
                        .forEach((zone, from) -> cb.call(from / 1000.0, zone)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("carbon_sci").unit(GRAMS_PER_UNIT)
                .help("Software Carbon Intensity of the latest window per model and functional unit, "
                        + "gCO2e per unit ((E*I + M) / R)")
                .labelNames("model", "unit")
                .callback(cb -> state.sci().forEach(s -> cb.call(s.gramsPerUnit(), s.model(), s.unit())))
                .register(registry);
        registerBudgets(registry, state, clock);
        registerPipelineHealth(registry, state);
    }

    /** Budget burn per team, for the teams whose latest status is of the period that contains now. */
    private static void registerBudgets(PrometheusRegistry registry, PipelineState state, Clock clock) {
        budgetGauge(registry, state, clock, "carbon_budget_limit", Unit.GRAMS,
                "Carbon budget limit in effect for the current period, grams CO2e (transfers included)",
                BurnStatus::limitGrams);
        budgetGauge(registry, state, clock, "carbon_budget_spent", Unit.GRAMS,
                "Emissions counted against the carbon budget in the current period, grams CO2e",
                BurnStatus::spentGrams);
        budgetGauge(registry, state, clock, "carbon_budget_remaining", Unit.GRAMS,
                "Carbon budget left in the current period, grams CO2e (negative once overspent)",
                BurnStatus::remainingGrams);
        budgetGauge(registry, state, clock, "carbon_budget_used", Unit.RATIO,
                "Fraction of the carbon budget spent in the current period (1 = exhausted)",
                BurnStatus::fraction);
        budgetGauge(registry, state, clock, "carbon_budget_burn_rate", Unit.RATIO,
                "Recent spend rate over the sustainable rate (limit / period length); 1 = exactly on budget",
                BurnStatus::burnRate);
        GaugeWithCallback.builder()
                .name("carbon_budget_projected_exhaustion_timestamp").unit(Unit.SECONDS)
                .help("When the carbon budget runs out at the recent rate, in seconds since the Unix epoch "
                        + "(only while that is before the period ends)")
                .labelNames(BUDGET_LABELS)
                .callback(cb -> state.currentBudgets(clock.millis()).stream()
                        .filter(s -> s.projectedExhaustion() != null)
                        .forEach(s -> cb.call(s.projectedExhaustion() / 1000.0, budgetLabels(s))))
                .register(registry);
    }

    private static void budgetGauge(PrometheusRegistry registry, PipelineState state, Clock clock, String name,
                                    Unit unit, String help, ToDoubleFunction<BurnStatus> value) {
        GaugeWithCallback.builder()
                .name(name).unit(unit)
                .help(help)
                .labelNames(BUDGET_LABELS)
                .callback(cb -> state.currentBudgets(clock.millis()).forEach(s -> {
                    double v = value.applyAsDouble(s);
                    if (Double.isFinite(v)) {
                        cb.call(v, budgetLabels(s));
                    }
                }))
                .register(registry);
    }

    private static String[] budgetLabels(BurnStatus s) {
        return new String[] {s.team(), s.period().label(), s.tier().label()};
    }

    private static void registerPipelineHealth(PrometheusRegistry registry, PipelineState state) {
        CounterWithCallback.builder()
                .name("carbon_pipeline_input_samples")
                .help("Energy samples published to the samples topic (sum of its end offsets)")
                .callback(cb -> {
                    Long in = state.samplesIn();
                    if (in != null) {
                        cb.call(in);
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_late_pieces")
                .help("Emission pieces that arrived for an already closed window, per team")
                .labelNames("team")
                .callback(cb -> state.late().forEach((team, l) -> cb.call(l.records(), team)))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_late_emissions").unit(Unit.GRAMS)
                .help("Emissions in grams CO2e of pieces that arrived for an already closed window, per team")
                .labelNames("team")
                .callback(cb -> state.late().forEach((team, l) -> cb.call(l.grams(), team)))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_dead_letter_records")
                .help("Records in the dead-letter topic, by the topic they were read from")
                .labelNames("source_topic")
                .callback(cb -> state.deadLetters().forEach((topic, n) -> cb.call(n, topic)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("carbon_pipeline_consumer_lag").unit(RECORDS)
                .help("Records not yet consumed by a consumer group, per topic (end offset minus committed offset)")
                .labelNames("group", "topic")
                .callback(cb -> state.lags().forEach(l -> cb.call(l.records(), l.group(), l.topic())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("carbon_pipeline_node_last_sample_timestamp").unit(Unit.SECONDS)
                .help("Event time of the newest energy sample per node, in seconds since the Unix epoch")
                .labelNames("node")
                .callback(cb -> state.lastSampleByNode().forEach((node, ts) -> cb.call(ts / 1000.0, node)))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_exporter_nodes_over_limit_samples")
                .help("Samples from nodes beyond the exporter's node label bound (not exposed per node)")
                .callback(cb -> cb.call(state.nodesOverLimit()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_exporter_emission_combinations_over_limit")
                .help("Emission label combinations beyond the series bound, summed into the series labelled other")
                .callback(cb -> cb.call(state.emissionCombinationsOverLimit()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_exporter_sci_over_limit_records")
                .help("SCI records of model and unit pairs beyond the series bound (not exposed)")
                .callback(cb -> cb.call(state.sciOverLimit()))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_exporter_decode_errors")
                .help("Records the exporter could not decode, per topic")
                .labelNames("topic")
                .callback(cb -> state.decodeErrors().forEach((topic, n) -> cb.call(n, topic)))
                .register(registry);
        CounterWithCallback.builder()
                .name("carbon_pipeline_exporter_records_read")
                .help("Records the exporter has read since it started, per topic")
                .labelNames("topic")
                .callback(cb -> state.recordsRead().forEach((topic, n) -> cb.call(n, topic)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("carbon_pipeline_exporter_caught_up")
                .help("1 once the exporter has read the totals, late and DLQ topics up to their end at start, else 0")
                .callback(cb -> cb.call(state.isCaughtUp() ? 1 : 0))
                .register(registry);
    }

    private static String[] values(List<String> labelValues) {
        return labelValues.toArray(String[]::new);
    }
}
