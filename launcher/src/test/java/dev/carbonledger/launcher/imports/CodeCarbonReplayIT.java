package dev.carbonledger.launcher.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CommandLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import re-accounts the run through the real replay (embedded broker, real topology). */
class CodeCarbonReplayIT {
    @TempDir
    Path dir;

    @Test
    void shouldPrintOurGramsAtEventTimeIntensityNextToCodeCarbonsEstimate() throws Exception {
        // Given a two-hour run, 0.85 kWh per hour, while the zone's intensity went from 100 to 300 g/kWh
        Path csv = Files.writeString(dir.resolve("emissions.csv"), CodeCarbonImportTest.resource("/codecarbon/emissions.csv"));
        Path intensity = Files.writeString(dir.resolve("intensity.jsonl"),
                CodeCarbonImportTest.resource("/codecarbon/intensity-DE.jsonl"));

        // When
        CommandLines.Run run = CommandLines.run(Map.of(), "import", "codecarbon", csv.toString(), "--team", "research",
                "--model", "llama-3-8b", "--zone", "DE", "--output", dir.resolve("replay").toString(),
                "--intensity", intensity.toString());

        // Then 0.85 × 100 + 0.85 × 300 = 340 g, against CodeCarbon's 697 g at its country average
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("total: 1.7000 kWh; CodeCarbon: 697.00 gCO2e; carbon-ledger: 340.00 gCO2e")
                .contains("(1.7000 kWh accounted");
    }
}
