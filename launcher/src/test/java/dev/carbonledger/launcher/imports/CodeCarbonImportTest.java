package dev.carbonledger.launcher.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.launcher.CommandLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeCarbonImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldReadRunsInTimeOrderAndReportABadRowWithItsLine() throws IOException {
        CodeCarbonCsv.Parsed parsed = CodeCarbonCsv.parse(resource("/codecarbon/emissions-two-runs.csv"), ZoneId.of("UTC"));

        assertThat(parsed.problems()).singleElement().asString().startsWith("line 4:").contains("duration");
        assertThat(parsed.runs()).extracting(CodeCarbonRun::runId, CodeCarbonRun::start, CodeCarbonRun::end)
                .containsExactly(
                        tuple("5a4c2b1e-7d8f-4e6a-9b0c-1d2e3f4a5b6c", Instant.parse("2026-03-02T08:00:00Z"),
                                Instant.parse("2026-03-02T10:00:00Z")),
                        tuple("0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", Instant.parse("2026-03-02T13:00:00Z"),
                                Instant.parse("2026-03-02T13:30:00Z")));
        assertThat(parsed.runs().get(0).kilowattHours()).isEqualTo(1.7);
        assertThat(parsed.runs().get(0).codeCarbonGrams()).isEqualTo(697.0);
    }

    @Test
    void shouldTakeTheTimestampsInTheGivenTimeZone() throws IOException {
        CodeCarbonCsv.Parsed parsed = CodeCarbonCsv.parse(resource("/codecarbon/emissions.csv"), ZoneId.of("Europe/Berlin"));

        assertThat(parsed.runs().get(0).start()).isEqualTo(Instant.parse("2026-03-02T07:00:00Z"));
    }

    @Test
    void shouldWriteReplayInputWithAZeroBaselineAndCumulativeCountersPerComponent() throws IOException {
        Path csv = Files.writeString(dir.resolve("emissions.csv"), resource("/codecarbon/emissions.csv"));
        Path out = dir.resolve("replay");

        CommandLines.Run run = CommandLines.run(Map.of(), "import", "codecarbon", csv.toString(), "--team", "research",
                "--model", "llama-3-8b", "--zone", "DE", "--output", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("1.7000 kWh; CodeCarbon: 697.00 gCO2e (410 g/kWh, DEU)")
                .contains("carbon-ledger replay --input " + out);
        List<JsonNode> samples = rows(out.resolve("samples.jsonl"));
        assertThat(samples).filteredOn(s -> s.path("component").asText().equals("gpu"))
                .extracting(s -> s.path("ts").asText(), s -> s.path("joules").asDouble())
                .containsExactly(tuple("2026-03-02T08:00:00Z", 0.0), tuple("2026-03-02T09:00:00Z", 2_160_000.0),
                        tuple("2026-03-02T10:00:00Z", 4_320_000.0));
        assertThat(samples).extracting(s -> s.path("component").asText()).containsOnly("package", "gpu", "dram");
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.path("pod").asText()).isEqualTo("codecarbon-5a4c2b1e-7d8f-4e6a-9b0c-1d2e3f4a5b6c");
            assertThat(s.path("node").asText()).isEqualTo("codecarbon@DE");
        });
        assertThat(rows(out.resolve("pods.jsonl"))).singleElement().satisfies(p -> {
            assertThat(p.path("team").asText()).isEqualTo("research");
            assertThat(p.path("model").asText()).isEqualTo("llama-3-8b");
        });
        assertThat(rows(out.resolve("nodes.jsonl"))).singleElement()
                .satisfies(n -> assertThat(n.path("zone").asText()).isEqualTo("DE"));
    }

    @Test
    void shouldRefuseAFileThatIsNotACodeCarbonLog() throws IOException {
        Path csv = Files.writeString(dir.resolve("x.csv"), "team,period,limit\nsearch,day,10\n");

        CommandLines.Run run = CommandLines.run(Map.of(), "import", "codecarbon", csv.toString(), "--team", "t",
                "--model", "m", "--zone", "DE", "--output", dir.resolve("o").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("not a CodeCarbon emissions.csv").doesNotContain("\tat ");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CodeCarbonImportTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
