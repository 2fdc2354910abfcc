package dev.carbonledger.launcher.chaos;

import dev.carbonledger.launcher.cli.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger chaos}: the fault harness (loopback only, bounded in time). */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"The fault harness. Replays a recorded workload twice: once without faults, once",
                "through a child-JVM broker, two streams instances, the sinks and a collector",
                "while it injects faults: kill -9 of streams instances, of the broker and of the",
                "sinks; the collector cut off from Kafka; the schema registry away at start-up",
                "and mid-run. Then compares every (team, window), (model, window) and budget",
                "status, the running totals with the ledger, the collector's joules with what",
                "its Kepler endpoint served, the exporter's counters and the alert notifications.",
                "Prints the faults, recovery times and differences; exits 0 only with none.",
                "Everything listens on 127.0.0.1; see docs/chaos.md."})
public final class ChaosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--form", defaultValue = "short", paramLabel = "short|long",
            description = "short (CI: a few minutes) or long (by hand: a day of telemetry, longer outages) (default: ${DEFAULT-VALUE})")
    String form;

    @Option(names = "--input", paramLabel = "DIR", description = "A replay input directory to use instead of the generated workload")
    Path input;

    @Option(names = "--pods", paramLabel = "N", description = "Pods of the generated workload (default: 24 short, 120 long)")
    Integer pods;

    @Option(names = "--hours", paramLabel = "N", description = "Hours of generated telemetry (default: 2 short, 24 long)")
    Integer hours;

    @Option(names = "--streams-kills", paramLabel = "N", description = "kill -9 of a streams instance (default: 2 short, 6 long)")
    Integer streamsKills;

    @Option(names = "--cut-off", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the collector is cut off from Kafka (default: 15s short, 3m long)")
    Duration cutOff;

    @Option(names = "--outage", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the schema registry stays away, each time (default: 10s short, 1m long)")
    Duration outage;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Bound on the whole run (default: 15m short, 60m long)")
    Duration timeLimit;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Logs, broker data and both runs' results; kept (default: a new temporary directory)")
    Path workDir;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report to this file")
    Path reportFile;

    @Override
    public Integer call() throws Exception {
        ChaosSettings.Form f = switch (form) {
            case "short" -> ChaosSettings.Form.SHORT;
            case "long" -> ChaosSettings.Form.LONG;
            default -> throw new IllegalArgumentException("--form must be short or long, got '" + form + "'");
        };
        boolean shortForm = f == ChaosSettings.Form.SHORT;
        Path work = workDir != null ? workDir : Files.createTempDirectory("carbon-ledger-chaos-");
        if (input != null && !Files.isDirectory(input)) {
            throw new IllegalArgumentException("--input " + input + " is not a directory");
        }
        ChaosSettings settings = new ChaosSettings(f, input, positive("--pods", pods, shortForm ? 24 : 120),
                positive("--hours", hours, shortForm ? 2 : 24), 30,
                positive("--streams-kills", streamsKills, shortForm ? 2 : 6),
                outage != null ? outage : Duration.ofSeconds(shortForm ? 10 : 60),
                cutOff != null ? cutOff : Duration.ofSeconds(shortForm ? 15 : 180),
                timeLimit != null ? timeLimit : Duration.ofMinutes(shortForm ? 15 : 60), work);
        PrintWriter out = spec.commandLine().getOut();
        out.println("chaos: work directory " + work + " (logs in " + work.resolve("logs") + ")");
        out.flush();
        ChaosReport report = new ChaosRun(settings).run();
        String text = report.render();
        out.print(text);
        out.flush();
        if (reportFile != null) {
            Files.writeString(reportFile, text);
        }
        return report.differences() == 0 ? 0 : 1;
    }

    private static int positive(String option, Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + v);
        }
        return v;
    }
}
