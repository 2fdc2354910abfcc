package dev.carbonledger.streams;

import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.internal.Partial;
import dev.carbonledger.streams.internal.PreAggregateStore;
import dev.carbonledger.streams.internal.ReferenceStore;
import dev.carbonledger.streams.internal.ReferenceUpdaters;
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
 *                   └──► partials repartition (key = rollup + group + window)
 *                             └──► window-aggregation ──► team / model / team-hourly windows, totals, late
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
    static final String PARTIALS_CHILD = PARTIALS + "-repartition-filter";
    static final WindowAggregationProcessor.Sinks SINKS = new WindowAggregationProcessor.Sinks(
            "team-windows-sink", "model-windows-sink", "team-hourly-windows-sink", "totals-sink", "late-sink");

    private AccountingTopology() {}

    /** The repartition topic of partial aggregates for an application id. */
    public static String partialsTopic(String applicationId) {
        return applicationId + "-" + PARTIALS + "-repartition";
    }

    /** Builds the topology with its own (unobserved) metrics. */
    public static Topology build(AccountingOptions options, AccountingSerdes serdes) {
        return build(options, serdes, new AccountingMetrics());
    }

    /** Builds the topology; its processors count into {@code metrics}. */
    public static Topology build(AccountingOptions options, AccountingSerdes serdes, AccountingMetrics metrics) {
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

        // The key (pod uid) is left undecoded: the processor reads the pod uid from the value.
        KStream<byte[], EnergySample> samples = builder.stream(topics.samples(),
                Consumed.with(Serdes.ByteArray(), serdes.samples()).withName(SAMPLES_SOURCE));
        KStream<String, Object> accounted = samples.process(
                () -> new SeriesAccountingProcessor(options, metrics, names, LEDGER_SINK, PARTIALS_CHILD),
                Named.as(SERIES_ACCOUNTING), names.seriesState(), names.preAggregates());
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

        Topology topology = builder.build();
        topology.addGlobalStore(ReferenceStore.builder(names.pods()), "pods-global-source",
                keys.deserializer(), serdes.pods().deserializer(), topics.pods(), "pods-global-updater",
                ReferenceUpdaters.pods(names.pods(), metrics));
        topology.addGlobalStore(ReferenceStore.builder(names.nodes()), "nodes-global-source",
                keys.deserializer(), serdes.nodes().deserializer(), topics.nodes(), "nodes-global-updater",
                ReferenceUpdaters.nodes(names.nodes(), metrics));
        topology.addGlobalStore(ReferenceStore.builder(names.intensity()), "intensity-global-source",
                keys.deserializer(), serdes.intensity().deserializer(), topics.intensity(), "intensity-global-updater",
                ReferenceUpdaters.intensity(names.intensity(), options.defaultIntensity(), metrics));
        return topology;
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
