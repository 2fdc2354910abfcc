package dev.carbonledger.sinks.prometheus;

import static dev.carbonledger.sinks.testing.Records.T0;
import static dev.carbonledger.sinks.testing.Records.dayStatus;
import static dev.carbonledger.sinks.testing.Records.intensity;
import static dev.carbonledger.sinks.testing.Records.late;
import static dev.carbonledger.sinks.testing.Records.sample;
import static dev.carbonledger.sinks.testing.Records.total;
import static dev.carbonledger.sinks.testing.Records.totalKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.sinks.testing.Records;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The metric reference table in sinks/README.md lists exactly what /metrics exposes, with type and help text. */
class MetricReferenceTest {

    @Test
    void shouldListEveryExposedMetricWithItsTypeAndHelpWhenTheReadmeIsRead() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        CarbonMetrics.register(registry, stateWithEveryMetric(), Clock.fixed(T0, ZoneOffset.UTC));

        Map<String, String> exposed = typeAndHelp(scrape(registry));
        Map<String, String> documented = readmeTable(Files.readString(Path.of("README.md")));

        assertThat(documented).isEqualTo(exposed);
    }

    private static PipelineState stateWithEveryMetric() {
        PipelineState state = new PipelineState(ExporterConfig.EMISSION_LABELS, 10);
        EmissionsTotal t = total("ml-platform", "llama", "training", "DE", 3.6e6, 400);
        state.acceptTotal(totalKey(t), t);
        state.acceptIntensity(intensity("DE", T0.minusSeconds(900), 410.5, false), T0.toEpochMilli());
        state.acceptLate(late("search", 10, 0.5));
        state.acceptSci(Records.sci("llama", "request", T0, 0.002));
        state.acceptDeadLetter("carbon.energy.samples");
        state.acceptSample(sample("node-a", T0.minusSeconds(30), 100));
        state.samplesIn(42);
        state.lags(List.of(new PipelineState.Lag("carbon-ledger-accounting", "carbon.energy.samples", 7)));
        state.decodeError("carbon.intensity");
        state.recordRead("carbon.intensity");
        state.acceptBudgetStatus("search", dayStatus("search", BudgetTier.SOFT, 2000, 500, 1.5, T0.plusSeconds(60)));
        state.caughtUp();
        return state;
    }

    private static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** name to "type | help" from the exposition's HELP and TYPE lines. */
    private static Map<String, String> typeAndHelp(String exposition) {
        Map<String, String> help = new TreeMap<>();
        Map<String, String> type = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                help.put(parts[0], parts[1]);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                type.put(parts[0], parts[1]);
            }
        }
        Map<String, String> out = new TreeMap<>();
        type.forEach((name, t) -> out.put(name, t + " | " + help.get(name)));
        return out;
    }

    /** name to "type | help" from the rows of the "Metric reference" table. */
    private static Map<String, String> readmeTable(String readme) {
        String section = readme.substring(readme.indexOf("### Metric reference"));
        Map<String, String> out = new TreeMap<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                out.put(cells[1].strip().replace("`", ""), cells[2].strip() + " | " + cells[4].strip());
            } else if (!out.isEmpty() && !line.startsWith("|")) {
                break;
            }
        }
        return out;
    }
}
