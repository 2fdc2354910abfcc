package dev.carbonledger.streams.testing;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import dev.carbonledger.streams.AccountingTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The accounting topology in a {@link TopologyTestDriver}, with typed topics and a fixed wall clock. */
public final class Harness implements AutoCloseable {
    /** Wall clock of the driver; every sample time in tests lies before it. */
    public static final Instant WALL_CLOCK = Instant.parse("2026-06-01T00:00:00Z");

    public final AccountingOptions options;
    public final AccountingMetrics metrics = new AccountingMetrics();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, EnergySample> samples;
    public final TestInputTopic<String, byte[]> rawSamples;
    public final TestInputTopic<String, PodMetadata> pods;
    public final TestInputTopic<String, NodeInfo> nodes;
    public final TestInputTopic<String, IntensityRecord> intensity;
    public final TestOutputTopic<String, LedgerEntry> ledger;
    public final TestOutputTopic<String, EmissionsWindow> teamWindows;
    public final TestOutputTopic<String, EmissionsWindow> modelWindows;
    public final TestOutputTopic<String, EmissionsWindow> teamHourly;
    public final TestOutputTopic<String, EmissionsTotal> totals;
    public final TestOutputTopic<String, LateEmission> late;
    public final TestOutputTopic<byte[], byte[]> deadLetters;
    public final TestInputTopic<String, Budget> budgets;
    public final TestInputTopic<String, BudgetTransfer> transfers;
    public final TestInputTopic<String, IntensityForecast> forecasts;
    public final TestOutputTopic<String, BudgetStatus> budgetStatus;
    public final TestOutputTopic<String, AlertEvent> alerts;
    public final TestOutputTopic<String, PolicyDecision> policy;
    public final TestInputTopic<String, FunctionalUnitSample> functionalUnits;
    public final TestInputTopic<String, byte[]> rawFunctionalUnits;
    public final TestOutputTopic<String, SciWindow> sci;

    public Harness(AccountingOptions options) {
        this.options = options;
        AccountingSerdes serdes = AccountingSerdes.avro(new InMemoryRegistry());
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Properties props = AccountingApp.streamsProperties(options, kafka, "accounting-test",
                Path.of("target", "ttd-state"), 1, Duration.ofMillis(100), metrics);
        // TopologyTestDriver loses dead-letter records written while deserializing under exactly-once (they do
        // reach the topic on a real broker); the topology itself does not depend on the guarantee.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(AccountingTopology.build(options, serdes, metrics), props, WALL_CLOCK);
        TopicNames t = options.topics();
        StringSerializer ks = new StringSerializer();
        StringDeserializer kd = new StringDeserializer();
        samples = driver.createInputTopic(t.samples(), ks, serdes.samples().serializer());
        rawSamples = driver.createInputTopic(t.samples(), ks, new ByteArraySerializer());
        pods = driver.createInputTopic(t.pods(), ks, serdes.pods().serializer());
        nodes = driver.createInputTopic(t.nodes(), ks, serdes.nodes().serializer());
        intensity = driver.createInputTopic(t.intensity(), ks, serdes.intensity().serializer());
        ledger = driver.createOutputTopic(t.ledger(), kd, serdes.ledger().deserializer());
        teamWindows = driver.createOutputTopic(t.teamWindows(), kd, serdes.windows().deserializer());
        modelWindows = driver.createOutputTopic(t.modelWindows(), kd, serdes.windows().deserializer());
        teamHourly = driver.createOutputTopic(t.teamHourly(), kd, serdes.windows().deserializer());
        totals = driver.createOutputTopic(t.totals(), kd, serdes.totals().deserializer());
        late = driver.createOutputTopic(t.late(), kd, serdes.late().deserializer());
        deadLetters = driver.createOutputTopic(t.deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        budgets = driver.createInputTopic(t.budgets(), ks, serdes.budgets().serializer());
        transfers = driver.createInputTopic(t.budgetTransfers(), ks, serdes.transfers().serializer());
        forecasts = driver.createInputTopic(t.intensityForecasts(), ks, serdes.forecasts().serializer());
        budgetStatus = driver.createOutputTopic(t.budgetStatus(), kd, serdes.budgetStatus().deserializer());
        alerts = driver.createOutputTopic(t.alerts(), kd, serdes.alerts().deserializer());
        policy = driver.createOutputTopic(t.policy(), kd, serdes.policy().deserializer());
        functionalUnits = driver.createInputTopic(t.functionalUnits(), ks, serdes.functionalUnits().serializer());
        rawFunctionalUnits = driver.createInputTopic(t.functionalUnits(), ks, new ByteArraySerializer());
        sci = driver.createOutputTopic(t.sci(), kd, serdes.sci().deserializer());
    }

    public void sample(String pod, String component, String node, Instant ts, double joules) {
        samples.pipeInput(new TestRecord<>(pod, new EnergySample(pod, component, node, ts, joules, "test"), ts));
    }

    public void pod(String uid, String namespace, String team, String model) {
        pods.pipeInput(uid, new PodMetadata(uid, namespace, uid + "-name", null, team, model, null, Map.of()));
    }

    public void node(String node, String zone, Double pue) {
        nodes.pipeInput(node, new NodeInfo(node, zone, pue, null, Map.of()));
    }

    public void node(String node, String zone, Double pue, Double embodiedGramsPerHour) {
        nodes.pipeInput(node, new NodeInfo(node, zone, pue, embodiedGramsPerHour, Map.of()));
    }

    /** A cumulative functional-unit counter reading of one series. */
    public void units(String model, String unit, String series, Instant ts, double count) {
        functionalUnits.pipeInput(new TestRecord<>(model, new FunctionalUnitSample(model, unit, series, ts, count, "test"), ts));
    }

    /** Last value per key of the SCI topic (key = model/unit@windowStart). */
    public Map<String, SciWindow> lastSci() {
        Map<String, SciWindow> out = new LinkedHashMap<>();
        sci.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }

    public void intensity(String zone, Instant from, double value, boolean forecast) {
        intensity.pipeInput(zone, new IntensityRecord(zone, from, null, value, IntensitySignal.AVERAGE, "test", false, forecast));
    }

    public void budget(BudgetSpec spec) {
        budgets.pipeInput(spec.team(), DomainRecords.budget(spec, "test", WALL_CLOCK));
    }

    /** Lets the flush punctuation run, so pre-aggregated partials reach the window aggregation. */
    public void flush() {
        driver.advanceWallClockTime(options.flushInterval().plusMillis(1));
    }

    /**
     * Lets the SCI stages run too: the accounting flush, then the embodied-share tick, then the SCI publishing tick
     * (each a wall-clock punctuation of its own task).
     */
    public void flushSci() {
        flush();
        flush();
        flush();
    }

    /** Last value per key of a window topic. */
    public static Map<String, EmissionsWindow> last(TestOutputTopic<String, EmissionsWindow> topic) {
        Map<String, EmissionsWindow> out = new LinkedHashMap<>();
        topic.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }

    public List<LedgerEntry> ledgerEntries() {
        return ledger.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
