package dev.carbonledger.launcher.report;

import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.KafkaOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbon-ledger report}: a savings and budget report for FinOps and sustainability leads, read from the
 * pipeline's topics: emissions and budget use per team, and what the jobs that waited for a cleaner window saved.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a savings and budget report read from the pipeline's topics: emissions, energy and budget use",
                "per team, and for each job that waited for a cleaner window (job:<id> decisions on the policy topic) its",
                "emissions as run against the same energy profile started at submission.",
                "Files in --output: report.md, report.json, teams.csv, budgets.csv, jobs.csv, job-<id>.svg."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE|INSTANT",
            description = "Start: a date YYYY-MM-DD (from 00:00 UTC) or an RFC 3339 instant (inclusive)")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE|INSTANT",
            description = "End: a date YYYY-MM-DD (the whole day included) or an RFC 3339 instant (exclusive)")
    String to;

    @Option(names = "--team", paramLabel = "TEAM", description = "Report on this team only")
    String team;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the report files (created)")
    Path output;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--default-intensity", defaultValue = "475",
            description = "gCO2e/kWh where no intensity record is in effect, as the pipeline is configured (default: ${DEFAULT-VALUE})")
    double defaultIntensity;

    @Option(names = "--accounting-signal", defaultValue = "average", paramLabel = "average|marginal",
            description = "Intensity signal the ledger uses, as the pipeline is configured (default: ${DEFAULT-VALUE})")
    String accountingSignal;

    @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "Give up when reading one topic takes longer than this (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        ReportSettings settings = ReportSettings.validated(from, to, team, output, kafka.topics(), kafka.schemaRegistryUrl,
                kafka.clientProperties(), defaultIntensity, accountingSignal, timeout);
        PrintWriter out = spec.commandLine().getOut();
        try {
            Report report = new ReportRunner(settings, Clock.systemUTC(), kafka::registryClient).run();
            ReportFiles.Written written = ReportFiles.write(report, settings.output());
            out.println("Report " + Formats.time(report.range().from()) + " – " + Formats.time(report.range().to())
                    + (report.team() == null ? "" : " (team " + report.team() + ")") + ": "
                    + ReportMarkdown.summaryLine(written.report()));
            written.report().jobs().stream().filter(j -> j.note() != null && !j.ran())
                    .forEach(j -> out.println("  " + j.note()));
            for (Path p : written.paths()) {
                out.println("wrote " + p);
            }
            out.flush();
            return 0;
        } catch (ReportFailure e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("carbon-ledger report: failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
