package dev.carbonledger.streams;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.internal.BudgetBurnProcessor;
import dev.carbonledger.streams.internal.BudgetInput;
import dev.carbonledger.streams.internal.BudgetIntake;
import dev.carbonledger.streams.internal.CarbonWindowsProcessor;
import dev.carbonledger.streams.internal.Partial;
import dev.carbonledger.streams.internal.PreAggregateStore;
import dev.carbonledger.streams.internal.ReferenceDeadLetters;
import dev.carbonledger.streams.internal.ReferenceStore;
import dev.carbonledger.streams.internal.ReferenceUpdaters;
import dev.carbonledger.streams.internal.FunctionalUnitsProcessor;
import dev.carbonledger.streams.internal.SciEmbodiedProcessor;
import dev.carbonledger.streams.internal.SciInput;
import dev.carbonledger.streams.internal.SciWindowsProcessor;
import dev.carbonledger.streams.internal.SeriesAccountingProcessor;
import dev.carbonledger.streams.internal.SeriesStateStore;
import dev.carbonledger.streams.internal.StoreNames;
import dev.carbonledger.streams.internal.WindowAggregationProcessor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The accounting topology of DESIGN section 4, built by a pure method from topic names, options and serdes.
 *
 * <pre>
 *  pods, nodes, intensity ──► global reference stores (decoded, in memory, on every instance)
 *
 *  samples ──► series-accounting ──► ledger                      (one LedgerEntry per sample interval)
 *              (series state, pre-aggregation store; flush every flushInterval)
 *                   ├──► partials repartition (key = rollup + group + window)
 *                   │         └──► window-aggregation ──► team / model / team-hourly windows, totals, late
 *                   └──► team spend per window ─┐
 *  budgets, transfers ──► budget intake ────────┴─► budget-inputs repartition (key = team)
 *                                                        └──► budget-burn ──► budget status, alerts, gate decisions
 *  forecasts ──► carbon-windows ──► carbon-aware window decisions (policy)
 * </pre>
 *
 * Every processor, store and internal topic is named; the names are part of the deployed state.
 */
public final class AccountingTopology {
    /** Name of the repartition topic's operator: the topic is {@code <application.id>-partials-repartition}. */
    public static final String PARTIALS = "partials";
    public static final String SAMPLES_SOURCE = "samples-source";
    public static final String SERIES_ACCOUNTING = "series-accounting";
    public static final String LEDGER_SINK = "ledger-sink";
    public static final String WINDOW_AGGREGATION = "window-aggregation";
    /** Name of the budget inputs' repartition operator: the topic is {@code <application.id>-budget-inputs-repartition}. */
    public static final String BUDGET_INPUTS = "budget-inputs";
    static final String BUDGET_INPUTS_MERGE = BUDGET_INPUTS + "-merge";
    public static final String BUDGET_BURN = "budget-burn";
    public static final String CARBON_WINDOWS = "carbon-windows";
    static final BudgetBurnProcessor.Sinks BURN_SINKS = new BudgetBurnProcessor.Sinks("budget-status-sink",
            "budget-alerts-sink", "budget-gates-sink");
    static final String PARTIALS_CHILD = PARTIALS + "-repartition-filter";
    /** Name of the SCI node-energy repartition operator: the topic is {@code <application.id>-sci-node-energy-repartition}. */
    public static final String SCI_NODE_ENERGY = "sci-node-energy";
    static final String SCI_NODE_ENERGY_CHILD = SCI_NODE_ENERGY + "-repartition-filter";
    /** Name of the SCI parts repartition operator: the topic is {@code <application.id>-sci-parts-repartition}. */
    public static final String SCI_PARTS = "sci-parts";
    public static final String FUNCTIONAL_UNITS_SOURCE = "functional-units-source";
    public static final String FUNCTIONAL_UNITS = "functional-units-accounting";
    public static final String SCI_EMBODIED = "sci-embodied-share";
    public static final String SCI_WINDOWS = "sci-windows";
    static final String SCI_SINK = "sci-sink";
    static final WindowAggregationProcessor.Sinks SINKS = new WindowAggregationProcessor.Sinks(
            "team-windows-sink", "model-windows-sink", "team-hourly-windows-sink", "totals-sink", "late-sink");

    private AccountingTopology() {}

    /** The repartition topic of partial aggregates for an application id. */
    public static String partialsTopic(String applicationId) {
        return applicationId + "-" + PARTIALS + "-repartition";
    }

    /** The repartition topic of budget inputs (spend, budgets, transfers; key = team) for an application id. */
    public static String budgetInputsTopic(String applicationId) {
        return applicationId + "-" + BUDGET_INPUTS + "-repartition";
    }

    /** The repartition topic of node energy for the SCI's embodied share (key = node) for an application id. */
    public static String sciNodeEnergyTopic(String applicationId) {
        return applicationId + "-" + SCI_NODE_ENERGY + "-repartition";
    }

    /** The repartition topic of SCI parts (key = model) for an application id. */
    public static String sciPartsTopic(String applicationId) {
        return applicationId + "-" + SCI_PARTS + "-repartition";
    }

    /** Builds the topology with its own (unobserved) metrics. */
    public static Topology build(AccountingOptions options, AccountingSerdes serdes) {
        return build(options, serdes, new AccountingMetrics());
    }

    /** Builds the topology; its processors count into {@code metrics}. */
    public static Topology build(AccountingOptions options, AccountingSerdes serdes, AccountingMetrics metrics) {
        return build(options, serdes, metrics, null);
    }

    /**
     * Builds the topology; its processors count into {@code metrics}, and unusable reference records (pods, nodes,
     * intensity) are dead-lettered through {@code referenceDeadLetters} (when null, only counted and logged).
     */
    public static Topology build(AccountingOptions options, AccountingSerdes serdes, AccountingMetrics metrics,
                                 ReferenceDeadLetters referenceDeadLetters) {
        options.validate();
        TopicNames topics = options.topics();
        StoreNames names = StoreNames.DEFAULT;
        Serde<String> keys = Serdes.String();
        StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(Stores.keyValueStoreBuilder(SeriesStateStore.supplier(names.seriesState()),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(PreAggregateStore.supplier(names.preAggregates()),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(names.windows()),
                keys, Partial.serde()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(names.totals()),
                keys, Partial.serde()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(PreAggregateStore.supplier(names.sciNodeEnergy()),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()));
        for (String store : new String[] {names.budgetDefinitions(), names.budgetBurn(), names.forecasts(),
                names.unitSeries(), names.sciNodeWindows(), names.sciWindows()}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), keys,
                    Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()));
        }

        // The key (pod uid) is left undecoded: the processor reads the pod uid from the value.
        KStream<byte[], EnergySample> samples = builder.stream(topics.samples(),
                Consumed.with(Serdes.ByteArray(), serdes.samples()).withName(SAMPLES_SOURCE));
        KStream<String, Object> accounted = samples.process(
                () -> new SeriesAccountingProcessor(options, metrics, names, LEDGER_SINK, PARTIALS_CHILD, BUDGET_INPUTS_MERGE,
                        SCI_NODE_ENERGY_CHILD),
                Named.as(SERIES_ACCOUNTING), names.seriesState(), names.preAggregates(), names.sciNodeEnergy());
        AccountingTopology.<LedgerEntry>narrow(accounted)
                .to(topics.ledger(), Produced.with(keys, serdes.ledger()).withName(LEDGER_SINK));
        KStream<String, Partial> partials = AccountingTopology.<Partial>narrow(accounted)
                .repartition(Repartitioned.<String, Partial>as(PARTIALS).withKeySerde(keys).withValueSerde(Partial.serde()));

        KStream<String, Object> aggregated = partials.process(
                () -> new WindowAggregationProcessor(options, metrics, names, SINKS),
                Named.as(WINDOW_AGGREGATION), names.windows(), names.totals());
        AccountingTopology.<EmissionsWindow>narrow(aggregated).to(topics.teamWindows(),
                Produced.with(keys, serdes.windows()).withName(SINKS.teamWindows()));
        AccountingTopology.<EmissionsWindow>narrow(aggregated).to(topics.modelWindows(),
                Produced.with(keys, serdes.windows()).withName(SINKS.modelWindows()));
        AccountingTopology.<EmissionsWindow>narrow(aggregated).to(topics.teamHourly(),
                Produced.with(keys, serdes.windows()).withName(SINKS.teamHourly()));
        AccountingTopology.<EmissionsTotal>narrow(aggregated).to(topics.totals(),
                Produced.with(keys, serdes.totals()).withName(SINKS.totals()));
        AccountingTopology.<LateEmission>narrow(aggregated).to(topics.late(),
                Produced.with(keys, serdes.late()).withName(SINKS.late()));

        buildBudgets(builder, options, serdes, metrics, names, AccountingTopology.<BudgetInput>narrow(accounted));
        buildCarbonWindows(builder, options, serdes, metrics, names);
        buildSci(builder, options, serdes, metrics, names, AccountingTopology.<SciInput>narrow(accounted));
        if (options.jsonMirrors()) {
            JsonMirrorTopology.addTo(builder, topics, serdes);
        }

        Topology topology = builder.build();
        topology.addGlobalStore(ReferenceStore.builder(names.pods()), "pods-global-source",
                keys.deserializer(), serdes.pods().deserializer(), topics.pods(), "pods-global-updater",
                ReferenceUpdaters.pods(names.pods(), metrics, referenceDeadLetters));
        topology.addGlobalStore(ReferenceStore.builder(names.nodes()), "nodes-global-source",
                keys.deserializer(), serdes.nodes().deserializer(), topics.nodes(), "nodes-global-updater",
                ReferenceUpdaters.nodes(names.nodes(), metrics, referenceDeadLetters));
        topology.addGlobalStore(ReferenceStore.builder(names.intensity()), "intensity-global-source",
                keys.deserializer(), serdes.intensity().deserializer(), topics.intensity(), "intensity-global-updater",
                ReferenceUpdaters.intensity(names.intensity(), options.defaultIntensity(), options.accountingSignal(),
                        metrics, referenceDeadLetters));
        return topology;
    }

    /**
     * Budgets: the intake validates budgets and transfers (dead-lettering what cannot apply); with every accounting
     * task's spend per team and window they go through one repartition topic keyed by team, so that a team's budget
     * changes and spend reach its burn processor in one order.
     */
    private static void buildBudgets(StreamsBuilder builder, AccountingOptions options, AccountingSerdes serdes,
                                     AccountingMetrics metrics, StoreNames names, KStream<String, BudgetInput> spend) {
        TopicNames topics = options.topics();
        Serde<String> keys = Serdes.String();
        KStream<String, BudgetInput> budgets = builder.stream(topics.budgets(),
                        Consumed.with(keys, serdes.budgets()).withName("budgets-source"))
                .process(BudgetIntake.budgets(names.budgetDefinitions(), metrics),
                        Named.as("budget-intake"), names.budgetDefinitions());
        KStream<String, BudgetInput> transfers = builder.stream(topics.budgetTransfers(),
                        Consumed.with(keys, serdes.transfers()).withName("budget-transfers-source"))
                .process(BudgetIntake.transfers(names.budgetDefinitions(), metrics),
                        Named.as("budget-transfer-intake"), names.budgetDefinitions());
        // The accounting processor forwards spend to the merge node by name; the intake processors have one child each.
        KStream<String, Object> burnt = spend.merge(budgets, Named.as(BUDGET_INPUTS_MERGE))
                .merge(transfers, Named.as(BUDGET_INPUTS + "-transfers-merge"))
                .repartition(Repartitioned.<String, BudgetInput>as(BUDGET_INPUTS).withKeySerde(keys)
                        .withValueSerde(BudgetInput.serde()))
                .process(() -> new BudgetBurnProcessor(options, metrics, names.budgetBurn(), BURN_SINKS),
                        Named.as(BUDGET_BURN), names.budgetBurn());
        AccountingTopology.<BudgetStatus>narrow(burnt).to(topics.budgetStatus(),
                Produced.with(keys, serdes.budgetStatus()).withName(BURN_SINKS.status()));
        AccountingTopology.<AlertEvent>narrow(burnt).to(topics.alerts(),
                Produced.with(keys, serdes.alerts()).withName(BURN_SINKS.alerts()));
        AccountingTopology.<PolicyDecision>narrow(burnt).to(topics.policy(),
                Produced.with(keys, serdes.policy()).withName(BURN_SINKS.policy()));
    }

    /**
     * SCI per (model, unit, window): the accounting flush's joules and grams per (node, model, window) go through a
     * repartition keyed by node, where each node's embodied grams are shared among its models by energy; those shares
     * and the functional units (counter rules per series, spread over windows) meet in one repartition keyed by model.
     */
    private static void buildSci(StreamsBuilder builder, AccountingOptions options, AccountingSerdes serdes,
                                 AccountingMetrics metrics, StoreNames names, KStream<String, SciInput> nodeEnergy) {
        TopicNames topics = options.topics();
        Serde<String> keys = Serdes.String();
        KStream<String, SciInput> shares = AccountingTopology.<SciInput>narrow(nodeEnergy
                .repartition(Repartitioned.<String, SciInput>as(SCI_NODE_ENERGY).withKeySerde(keys)
                        .withValueSerde(SciInput.serde()))
                .process(() -> new SciEmbodiedProcessor(options, metrics, names, SCI_PARTS + "-merge"),
                        Named.as(SCI_EMBODIED), names.sciNodeWindows()));
        KStream<String, SciInput> units = AccountingTopology.<SciInput>narrow(builder.stream(topics.functionalUnits(),
                        Consumed.with(Serdes.ByteArray(), serdes.functionalUnits()).withName(FUNCTIONAL_UNITS_SOURCE))
                .process(() -> new FunctionalUnitsProcessor(options, metrics, names.unitSeries(), SCI_PARTS + "-merge"),
                        Named.as(FUNCTIONAL_UNITS), names.unitSeries()));
        KStream<String, Object> sci = shares.merge(units, Named.as(SCI_PARTS + "-merge"))
                .repartition(Repartitioned.<String, SciInput>as(SCI_PARTS).withKeySerde(keys)
                        .withValueSerde(SciInput.serde()))
                .process(() -> new SciWindowsProcessor(options, metrics, names, SCI_SINK),
                        Named.as(SCI_WINDOWS), names.sciWindows());
        AccountingTopology.<SciWindow>narrow(sci).to(topics.sci(),
                Produced.with(keys, serdes.sci()).withName(SCI_SINK));
    }

    /** Carbon-aware windows per zone and job length, from the latest forecast of each zone. */
    private static void buildCarbonWindows(StreamsBuilder builder, AccountingOptions options, AccountingSerdes serdes,
                                           AccountingMetrics metrics, StoreNames names) {
        TopicNames topics = options.topics();
        Serde<String> keys = Serdes.String();
        KStream<String, IntensityForecast> forecasts = builder.stream(topics.intensityForecasts(),
                Consumed.with(keys, serdes.forecasts()).withName("forecasts-source"));
        AccountingTopology.<PolicyDecision>narrow(forecasts.process(
                        () -> new CarbonWindowsProcessor(options, metrics, names.forecasts(), "carbon-windows-sink"),
                        Named.as(CARBON_WINDOWS), names.forecasts()))
                .to(topics.policy(), Produced.with(keys, serdes.policy()).withName("carbon-windows-sink"));
    }

    /**
     * The processors forward each output type only to the child that expects it (by child name), so viewing
     * their mixed output stream as one type per child is safe.
     */
    @SuppressWarnings("unchecked")
    private static <V> KStream<String, V> narrow(KStream<String, Object> stream) {
        return (KStream<String, V>) (KStream<String, ?>) stream;
    }
}
