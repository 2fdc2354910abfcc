package dev.carbonledger.launcher.bench;

import dev.carbonledger.launcher.cli.DurationConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger bench collector}: the node agent's own CPU and heap at a given node size. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Measures the collector's own overhead: the real collector scrapes a Kepler exposition of --pods",
                "pods served on 127.0.0.1 every --interval and publishes to a broker (a child JVM unless",
                "--bootstrap-servers). Ends with one line: collector_cpu_percent_of_one_core=... heap_after_gc_mb=...",
                "Run it with CARBON_LEDGER_JAVA_OPTS=-Xmx128m to check the heap target. See docs/performance.md."})
public final class CollectorBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pods", defaultValue = "200", description = "Pods on the node (default: ${DEFAULT-VALUE})")
    int pods;

    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Energy poll interval (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--warmup", defaultValue = "60s", converter = DurationConverter.class,
            description = "Untimed run before measuring (JIT; default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "5m", converter = DurationConverter.class,
            description = "Measured run (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "An existing broker")
    String bootstrapServers;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Broker data and the state file (default: a temporary directory)")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Path dir = workDir != null ? workDir : Files.createTempDirectory("carbon-ledger-collector-bench");
        CollectorBench.Options options = new CollectorBench.Options(pods, interval, warmup, duration, bootstrapServers, dir);
        CollectorBench.checkOptions(options);
        CollectorBench.Result result = CollectorBench.run(options);
        spec.commandLine().getOut().println(result.line());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
