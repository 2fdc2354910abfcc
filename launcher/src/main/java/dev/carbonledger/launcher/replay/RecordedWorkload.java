package dev.carbonledger.launcher.replay;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A replay input directory (DESIGN section 5) held in memory, to be produced in parts: the reference records and
 * budgets first, then the samples in slices, in file order. For runs that do something between the slices (the chaos
 * harness); {@link ReplayRunner} streams its input instead.
 */
public final class RecordedWorkload {
    private final List<PodMetadata> pods = new ArrayList<>();
    private final List<NodeInfo> nodes = new ArrayList<>();
    private final List<IntensityRecord> intensity = new ArrayList<>();
    private final List<Budget> budgets = new ArrayList<>();
    private final List<EnergySample> samples = new ArrayList<>();
    private final boolean withBudgets;
    private final long malformed;

    private RecordedWorkload(Path dir) {
        MalformedLines lines = new MalformedLines();
        JsonLinesReader.read(dir.resolve("pods.jsonl"), ReplayRecords::pod, pods::add, lines);
        JsonLinesReader.read(dir.resolve("nodes.jsonl"), ReplayRecords::node, nodes::add, lines);
        JsonLinesReader.read(dir.resolve("intensity.jsonl"), ReplayRecords::intensity, intensity::add, lines);
        JsonLinesReader.read(dir.resolve(ReplayRunner.BUDGETS_FILE), ReplayRecords::budget, budgets::add, lines);
        JsonLinesReader.read(dir.resolve("samples.jsonl"), ReplayRecords::sample, samples::add, lines);
        this.withBudgets = Files.exists(dir.resolve(ReplayRunner.BUDGETS_FILE));
        this.malformed = lines.total();
    }

    /** Reads every file of a replay input directory; malformed lines are reported and counted, as replay does. */
    public static RecordedWorkload load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("workload directory " + dir + " does not exist");
        }
        return new RecordedWorkload(dir);
    }

    public int sampleCount() {
        return samples.size();
    }

    public boolean withBudgets() {
        return withBudgets;
    }

    public long malformedLines() {
        return malformed;
    }

    /** Pods, nodes, intensity and budgets, flushed before returning. */
    public void produceReference(Properties client, SchemaRegistryClient registry, TopicNames topics) {
        try (ReplayProducer producer = new ReplayProducer(client, registry, topics, true)) {
            pods.forEach(producer::pod);
            nodes.forEach(producer::node);
            intensity.forEach(producer::intensity);
            budgets.forEach(producer::budget);
            producer.flush();
        }
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) in file order, flushed before returning. */
    public void produceSamples(Properties client, SchemaRegistryClient registry, TopicNames topics, int from, int to) {
        try (ReplayProducer producer = new ReplayProducer(client, registry, topics, false)) {
            for (int i = from; i < to; i++) {
                producer.sample(samples.get(i));
            }
            producer.flush();
        }
    }
}
