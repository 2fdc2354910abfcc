package dev.carbonledger.collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.EnergySourceKind;
import dev.carbonledger.collectors.config.IntensityProviderKind;
import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.PodMetadataSource;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's dry run (DESIGN section 9): reads the configured sources and writes what the collector would
 * publish as JSON Lines in replay's format — pod metadata as {@code pods.jsonl} rows
 * ({@code {"pod","namespace","name","team"?,"model"?}}) and energy samples as {@code samples.jsonl} rows
 * ({@code {"ts","node","pod","component","joules"}}, ts in RFC 3339 UTC). No producer, no registry. A failing
 * source is logged and the others still print. Pods are written once each, when first seen or changed; energy
 * sources that integrate between polls (rapl, nvidia-smi) print a baseline at their first poll.
 */
public final class DryRun implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DryRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sources sources;
    private final Set<PodMetadata> printedPods = new HashSet<>();
    private long failures;

    DryRun(Sources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /** A dry run of the sources {@code config} names (intensity providers are not read: they have no row format). */
    public static DryRun create(CollectorConfig config, Clock clock) {
        DemoFleet demo = config.energySources().contains(EnergySourceKind.DEMO)
                || config.intensityProviders().contains(IntensityProviderKind.DEMO)
                ? new DemoFleet(config.demoSeed(), clock, config.energyInterval()) : null;
        Sources sources = SourceWiring.sources(config, demo, clock);
        LOGGER.info("event=dry_run_start energySources={} podSources={} node={} note=\"nothing is published\"",
                sources.energy().stream().map(EnergySource::name).toList(),
                sources.pods().stream().map(PodMetadataSource::name).toList(), config.nodeName().orElse(""));
        return new DryRun(sources);
    }

    /** Reads every pod and energy source once and writes the rows to {@code out}. */
    public Poll pollOnce(Appendable out) {
        int pods = 0;
        for (PodMetadataSource source : sources.pods()) {
            try {
                for (PodMetadata pod : source.pods()) {
                    if (printedPods.add(pod)) {
                        write(out, podRow(pod));
                        pods++;
                    }
                }
            } catch (Exception e) {
                failed(source.name(), e);
            }
        }
        int samples = 0;
        for (EnergySource source : sources.energy()) {
            try {
                List<EnergySample> batch = source.poll();
                for (EnergySample sample : batch) {
                    write(out, sampleRow(sample));
                }
                samples += batch.size();
            } catch (Exception e) {
                failed(source.name(), e);
            }
        }
        LOGGER.info("event=dry_run_poll pods={} samples={} failedSources={}", pods, samples, failures);
        return new Poll(pods, samples, failures);
    }

    /** Rows written by one poll, and failed source reads so far. */
    public record Poll(int pods, int samples, long failures) {}

    static ObjectNode sampleRow(EnergySample sample) {
        ObjectNode row = JSON.createObjectNode();
        row.put("ts", sample.getTimestamp().toString());
        row.put("node", sample.getNode());
        row.put("pod", sample.getPodUid());
        row.put("component", sample.getComponent());
        row.put("joules", sample.getEnergyJoules());
        return row;
    }

    static ObjectNode podRow(PodMetadata pod) {
        ObjectNode row = JSON.createObjectNode();
        row.put("pod", pod.getPodUid());
        row.put("namespace", pod.getNamespace());
        row.put("name", pod.getName());
        if (pod.getTeam() != null) {
            row.put("team", pod.getTeam());
        }
        if (pod.getModel() != null) {
            row.put("model", pod.getModel());
        }
        return row;
    }

    private void failed(String source, Exception e) {
        failures++;
        LOGGER.warn("event=source_failed source={} reason={}", source, e.toString());
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(Appendable out, ObjectNode row) {
        try {
            out.append(JSON.writeValueAsString(row)).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dry run's output", e);
        }
    }

    @Override
    public void close() {
        sources.close();
    }
}
