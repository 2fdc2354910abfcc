package dev.carbonledger.launcher.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.launcher.replay.ReplayRunner;
import dev.carbonledger.launcher.replay.ReplaySettings;
import dev.carbonledger.launcher.replay.ReplaySummary;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger import codecarbon FILE --team T --model M --zone Z}. */
@Command(name = "codecarbon", mixinStandardHelpOptions = true,
        description = {"Re-accounts a training script's CodeCarbon log (emissions.csv) at the grid intensity in effect",
                "while it ran: writes replay input (samples.jsonl, pods.jsonl, nodes.jsonl) to --output; with",
                "--intensity FILE (replay's intensity.jsonl for zone Z) it also runs the replay and prints",
                "carbon-ledger's grams next to CodeCarbon's own estimate."})
public final class ImportCodeCarbonCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "CodeCarbon's emissions.csv")
    Path file;

    @Option(names = "--team", required = true, description = "Team the run is accounted to")
    String team;

    @Option(names = "--model", required = true, description = "Model the run trained")
    String model;

    @Option(names = "--zone", required = true, description = "Grid zone where it ran (as in the intensity records)")
    String zone;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "codecarbon-replay",
            description = "Where the replay input (and with --intensity, its results in DIR/results) go (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--intensity", paramLabel = "FILE", description = "Replay intensity.jsonl to re-account with now")
    Path intensity;

    @Option(names = "--pue", description = "PUE of the data centre (default: the pipeline's default, 1.0)")
    Double pue;

    @Option(names = "--timezone", defaultValue = "UTC",
            description = "Time zone of CodeCarbon's timestamps, which carry no offset (default: ${DEFAULT-VALUE})")
    ZoneId timezone;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        if (pue != null && !(pue >= 1.0)) {
            throw new IllegalArgumentException("--pue must be >= 1.0, got " + pue);
        }
        CodeCarbonCsv.Parsed parsed = CodeCarbonCsv.parse(Files.readString(file, StandardCharsets.UTF_8), timezone);
        parsed.problems().forEach(p -> err.println(file + ": " + p + " (skipped)"));
        if (parsed.runs().isEmpty()) {
            err.println(file + ": no CodeCarbon run could be read");
            err.flush();
            return 1;
        }
        int rows = CodeCarbonImport.writeReplayInput(parsed.runs(), team, model, zone, pue, output);
        double kwh = 0;
        double theirs = 0;
        for (CodeCarbonRun run : parsed.runs()) {
            kwh += run.kilowattHours();
            theirs += run.codeCarbonGrams();
            out.printf(Locale.ROOT, "run %s %s -> %s (%s): %.4f kWh; CodeCarbon: %.2f gCO2e (%.0f g/kWh, %s%s)%n",
                    run.runId(), run.start(), run.end(), CodeCarbonCsv.duration(run), run.kilowattHours(),
                    run.codeCarbonGrams(), run.kilowattHours() > 0 ? run.codeCarbonGrams() / run.kilowattHours() : 0,
                    run.country(), run.region().isBlank() ? "" : "/" + run.region());
        }
        out.printf(Locale.ROOT, "replay input: %s (%d sample rows, %d runs as pods of team %s, model %s, node %s in zone %s)%n",
                output, rows, parsed.runs().size(), team, model, CodeCarbonImport.node(zone), zone);
        if (intensity == null) {
            out.printf(Locale.ROOT, "total: %.4f kWh; CodeCarbon: %.2f gCO2e. To re-account: add intensity.jsonl for "
                    + "zone %s and run: carbon-ledger replay --input %s --output RESULTS (or pass --intensity)%n",
                    kwh, theirs, zone, output);
            out.flush();
            return 0;
        }
        Files.copy(intensity, output.resolve("intensity.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        Path results = output.resolve("results");
        ReplaySummary summary = new ReplayRunner(new ReplaySettings(output, results, Duration.ofMinutes(1), null, null,
                1, 1, 475, 1.0, Duration.ofMinutes(30), null, false, Map.of())).run();
        double ours = 0;
        double joules = 0;
        for (String line : Files.readAllLines(results.resolve("model_windows.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode row = JSON.readTree(line);
            if (model.equals(row.path("model").asText())) {
                ours += row.path("co2eGrams").asDouble();
                joules += row.path("energyJoules").asDouble();
            }
        }
        out.printf(Locale.ROOT, "total: %.4f kWh; CodeCarbon: %.2f gCO2e; carbon-ledger: %.2f gCO2e at zone %s's "
                        + "intensity while the run lasted (%.4f kWh accounted; %s)%n",
                kwh, theirs, ours, zone, joules / 3.6e6, results.resolve("model_windows.jsonl"));
        out.flush();
        return summary.exitCode();
    }
}
