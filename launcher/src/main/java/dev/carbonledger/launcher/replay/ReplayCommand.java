package dev.carbonledger.launcher.replay;

import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.KafkaClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carbon-ledger replay}: recorded telemetry through the real broker and topology (DESIGN section 5). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Runs recorded telemetry (JSON Lines) through a real Kafka broker and the real accounting topology,",
                "and writes the final window results: team_windows.jsonl and model_windows.jsonl.",
                "Input files (each optional): samples.jsonl, pods.jsonl, nodes.jsonl, intensity.jsonl, budgets.jsonl.",
                "With budgets.jsonl it also writes budget_status.jsonl and budget_alerts.jsonl.",
                "Malformed lines are reported (file, line, reason) and skipped; exit code 0 unless the run itself failed."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory with the input files")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the output files (created)")
    Path output;

    @Option(names = "--window", defaultValue = "60s", converter = DurationConverter.class,
            description = "Tumbling window length (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of an embedded broker; topics get a unique prefix per run")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Register schemas in this registry (default: an in-process registry)")
    String schemaRegistryUrl;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the samples topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--threads", defaultValue = "2", description = "Kafka Streams threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--default-intensity", defaultValue = "475",
            description = "gCO2e/kWh where no intensity record is in effect (default: ${DEFAULT-VALUE})")
    double defaultIntensity;

    @Option(names = "--default-pue", defaultValue = "1.0", description = "PUE of unknown nodes (default: ${DEFAULT-VALUE})")
    double defaultPue;

    @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up when processing takes longer than this (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the embedded broker and the Streams state live during the run (default: a temporary directory, deleted afterwards)")
    Path workDir;

    @Option(names = "--keep-topics",
            description = "With --bootstrap-servers: keep the run's topics afterwards (default: deleted once the output is written)")
    boolean keepTopics;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Override
    public Integer call() throws Exception {
        ReplaySettings settings = new ReplaySettings(input, output, window, bootstrapServers, schemaRegistryUrl,
                partitions, threads, defaultIntensity, defaultPue, timeout, workDir, keepTopics, kafkaClient.settings());
        ReplaySummary summary = new ReplayRunner(settings).run();
        return summary.exitCode();
    }
}
