package dev.carbonledger.launcher.bench;

import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.KafkaClientOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger bench}: raw consume rate vs the accounting topology, latency at half load, memory per series. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = CollectorBenchCommand.class,
        description = {"Benchmarks the accounting topology against the raw consume limit on the same broker and topic,",
                "then measures sample -> rollup latency at half the measured maximum. Ends with one line of key=value",
                "figures (raw_sps topology_sps ratio p50_ms p99_ms ...). See docs/performance.md."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pods", defaultValue = "20000", description = "Simulated pods (default: ${DEFAULT-VALUE})")
    int pods;

    @Option(names = "--components", defaultValue = "5", description = "Components per pod, 1-7 (default: ${DEFAULT-VALUE})")
    int components;

    @Option(names = "--warmup-rounds", defaultValue = "50",
            description = "Samples per series processed before the measured rounds, untimed, by both the raw consumer and"
                    + " the topology (JIT warm-up; default: ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(names = "--rounds", defaultValue = "20",
            description = "Measured samples per series, one per 5 s of event time (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--threads", defaultValue = "2", description = "Stream threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--commit-interval", defaultValue = "250ms", converter = DurationConverter.class,
            description = "Exactly-once commit interval (default: ${DEFAULT-VALUE})")
    Duration commitInterval;

    @Option(names = "--latency-phase", defaultValue = "20s", converter = DurationConverter.class,
            description = "Length of the steady-load latency phase (default: ${DEFAULT-VALUE})")
    Duration latencyPhase;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An existing broker (default: an embedded broker in --work-dir)")
    String bootstrapServers;

    @Option(names = "--in-process-broker",
            description = "Run the broker inside the bench's JVM (default: a child JVM on the same machine, as a broker"
                    + " is deployed: its own heap and JIT)")
    boolean brokerInProcess;

    @Option(names = "--teams", defaultValue = "20", description = "Teams of the pods (default: ${DEFAULT-VALUE})")
    int teams;

    @Option(names = "--budgets", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Give every team a daily carbon budget; --no-budgets measures without (default: ${DEFAULT-VALUE})")
    boolean budgets;

    @Option(names = "--work-dir", defaultValue = "target/bench", paramLabel = "DIR",
            description = "Broker data and Streams state (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Override
    public Integer call() throws Exception {
        BenchOptions defaults = BenchOptions.defaults(workDir);
        BenchOptions options = new BenchOptions(pods, components, warmupRounds, rounds, defaults.samplingInterval(),
                defaults.resetRate(), defaults.duplicateRate(), partitions, threads, commitInterval, latencyPhase,
                bootstrapServers, brokerInProcess, workDir, teams, budgets).validate();
        BenchResult result = Bench.run(options, kafkaClient.settings());
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.keyValueLine());
        out.flush();
        return 0;
    }
}
