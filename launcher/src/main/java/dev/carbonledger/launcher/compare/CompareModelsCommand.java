package dev.carbonledger.launcher.compare;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.report.ReportFailure;
import dev.carbonledger.launcher.report.TopicReader;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbon-ledger compare-models}: energy, emissions, embodied emissions, functional units and SCI of a few models
 * side by side over a range, read from the pipeline's topics (for the decision between a big and a distilled model).
 */
@Command(name = "compare-models", mixinStandardHelpOptions = true,
        description = {"Compares models side by side over a range, read from carbon.emissions.model (energy, emissions)",
                "and carbon.sci (embodied emissions M, functional units R): only windows that lie fully inside",
                "[--from, --to) count, the latest value of each window. SCI = (sum of E*I + sum of M) / sum of R over the",
                "range, per functional unit: the sum of the parts, not the mean of the windows' ratios.",
                "Exit codes: 0 printed, 1 the run failed (Kafka or the registry unreachable, no data), 2 bad usage",
                "(including a model with no window in the range: the models that have some are listed)."})
public final class CompareModelsCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(CompareModelsCommand.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    public enum Format { table, csv, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--models", required = true, split = ",", paramLabel = "MODEL[,MODEL...]",
            description = "Models to compare, as named in carbon.emissions.model (the columns, in this order)")
    List<String> models;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Start (inclusive): an ISO-8601 instant (2026-11-30T06:00:00Z), a date (00:00 UTC), or a time"
                    + " ago: -24h, -90m, -7d")
    String from;

    @Option(names = "--to", defaultValue = "now", paramLabel = "TIME",
            description = "End (exclusive), same forms as --from, or now (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "Output: a side-by-side table, CSV (one row per metric, a column per model) or JSON"
                    + " (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class,
            description = "Give up when reading one topic takes longer than this (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        CompareRange range = CompareRange.parse(from, to, Clock.systemUTC().instant());
        List<String> wanted = validatedModels(models);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelComparison comparison;
        try {
            comparison = read(range, wanted, kafka.topics(), kafka.clientProperties(), err);
        } catch (ReportFailure e) {
            err.println("carbon-ledger compare-models: failed: " + e.getMessage());
            err.flush();
            return 1;
        }
        Map<String, ModelTotals> totals = comparison.totals(wanted);
        List<String> missing = wanted.stream().filter(m -> totals.get(m).windows() == 0).toList();
        if (!missing.isEmpty()) {
            Set<String> known = comparison.knownModels();
            err.println("carbon-ledger compare-models: " + (known.isEmpty()
                    ? "no model has windows on " + kafka.topics().modelWindows() + " in " + range
                            + ": is the range right (windows must lie fully inside it) and the pipeline running?"
                    : "no windows in " + range + " for " + String.join(", ", missing)
                            + "; models with windows in the range: " + String.join(", ", known)));
            err.flush();
            return known.isEmpty() ? 1 : 2;
        }
        out.print(switch (format) {
            case table -> ComparisonOutput.table(range, totals);
            case csv -> ComparisonOutput.csv(totals);
            case json -> ComparisonOutput.json(range, totals);
        });
        out.flush();
        return 0;
    }

    private static List<String> validatedModels(List<String> models) {
        List<String> errors = new ArrayList<>();
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String m : models) {
            String name = m.strip();
            if (name.isEmpty()) {
                errors.add("--models has an empty name");
            } else if (!unique.add(name)) {
                errors.add("--models lists '" + name + "' twice");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return List.copyOf(unique);
    }

    private ModelComparison read(CompareRange range, List<String> wanted, TopicNames topics, Properties client,
                                 PrintWriter err) {
        ModelComparison comparison = new ModelComparison(range, wanted);
        Properties p = new Properties();
        p.putAll(client);
        p.putIfAbsent("client.id", "carbon-ledger-compare-models");
        Duration metadata = timeout.compareTo(METADATA_TIMEOUT) < 0 ? timeout : METADATA_TIMEOUT;
        try (SchemaRegistryClient registry = kafka.registryClient();
             TopicReader reader = new TopicReader(p, metadata, timeout)) {
            // Window records are stamped with a time inside their window, so nothing before --from is needed.
            reader.readFrom(topics.modelWindows(), range.from(), new ConfluentAvroDeserializer<>(registry,
                    EmissionsWindow.class), comparison::wantsWindowKey, comparison::window);
            reader.readFrom(topics.late(), range.from(), new ConfluentAvroDeserializer<>(registry, LateEmission.class),
                    key -> true, (k, l) -> comparison.late(l));
            if (reader.exists(topics.sci())) {
                reader.readFrom(topics.sci(), range.from(), new ConfluentAvroDeserializer<>(registry, SciWindow.class),
                        comparison::wantsSciKey, comparison::sci);
            } else {
                LOGGER.warn("topic {} does not exist: no SCI, embodied emissions or functional units", topics.sci());
                err.println("note: topic " + topics.sci() + " does not exist (create it with carbon-ledger topics"
                        + " create): SCI, embodied emissions and functional units are not shown");
            }
        }
        return comparison;
    }
}
