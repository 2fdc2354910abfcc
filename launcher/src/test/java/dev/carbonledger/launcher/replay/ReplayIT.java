package dev.carbonledger.launcher.replay;

import static dev.carbonledger.launcher.replay.ReplayTestFiles.read;
import static dev.carbonledger.launcher.replay.ReplayTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.launcher.CarbonLedger;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} on a real broker with the real topology, against values worked out by hand (DESIGN section 4 and 5). */
@WithKafkaBroker
class ReplayIT {
    private static final double EPSILON = 1e-9;

    private final KafkaTestBroker kafka;

    ReplayIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldAccountAHandWorkedScenarioOnItsOwnEmbeddedBroker(@TempDir Path dir) throws Exception {
        // Given: DE intensity 400 (forecast) then 300 (actual, same from: supersedes) from 10:00, 200 from 10:01;
        // p1 (research/llama) on n1 (DE, PUE 1.5): baseline, +60 J, +120 J across 10:01, a duplicate, a reset to 30 J;
        // p2 has no metadata and runs on an unknown node (zone unknown, PUE 1.0, default 475 g/kWh); one bad line.
        Path in = Files.createDirectories(dir.resolve("in"));
        write(in.resolve("samples.jsonl"),
                "{\"ts\":\"2024-03-01T10:00:00Z\",\"node\":\"n1\",\"pod\":\"p1\",\"component\":\"package\",\"joules\":100}",
                "{\"ts\":\"2024-03-01T10:00:30Z\",\"node\":\"n1\",\"pod\":\"p1\",\"component\":\"package\",\"joules\":160}",
                "{\"ts\":\"2024-03-01T10:01:30Z\",\"node\":\"n1\",\"pod\":\"p1\",\"component\":\"package\",\"joules\":280}",
                "{\"ts\":\"2024-03-01T10:01:30Z\",\"node\":\"n1\",\"pod\":\"p1\",\"component\":\"package\",\"joules\":999}",
                "{\"ts\":\"2024-03-01T10:02:00Z\",\"node\":\"n1\",\"pod\":\"p1\",\"component\":\"package\",\"joules\":30}",
                "{\"ts\":" + Instant.parse("2024-03-01T10:00:00Z").toEpochMilli() + ",\"node\":\"nX\",\"pod\":\"p2\",\"component\":\"gpu\",\"joules\":0}",
                "{\"ts\":\"2024-03-01T10:01:00.000Z\",\"node\":\"nX\",\"pod\":\"p2\",\"component\":\"gpu\",\"joules\":3600}",
                "this line is not JSON");
        write(in.resolve("pods.jsonl"), "{\"pod\":\"p1\",\"namespace\":\"ml\",\"name\":\"trainer\",\"team\":\"research\",\"model\":\"llama\"}");
        write(in.resolve("nodes.jsonl"), "{\"node\":\"n1\",\"zone\":\"DE\",\"pue\":1.5}");
        write(in.resolve("intensity.jsonl"),
                "{\"zone\":\"DE\",\"from\":\"2024-03-01T10:00:00Z\",\"gCo2ePerKwh\":400,\"forecast\":true}",
                "{\"zone\":\"DE\",\"from\":\"2024-03-01T10:01:00Z\",\"gCo2ePerKwh\":200}",
                "{\"zone\":\"DE\",\"from\":\"2024-03-01T10:00:00Z\",\"to\":\"2024-03-01T10:01:00Z\",\"gCo2ePerKwh\":300}");
        Path out = dir.resolve("out");

        // When
        int exit = CarbonLedger.execute(Map.of(), "replay", "--input", in.toString(), "--output", out.toString());

        // Then
        assertThat(exit).isZero();
        List<JsonNode> teams = read(out.resolve("team_windows.jsonl"));
        assertThat(teams).hasSize(3);
        assertRow(teams.get(0), "team", "research", "2024-03-01T10:00:00Z", "2024-03-01T10:01:00Z", 120, gram(60, 1.5, 300) + gram(60, 1.5, 300));
        assertRow(teams.get(1), "team", "research", "2024-03-01T10:01:00Z", "2024-03-01T10:02:00Z", 90, gram(60, 1.5, 200) + gram(30, 1.5, 200));
        assertRow(teams.get(2), "team", "unattributed", "2024-03-01T10:00:00Z", "2024-03-01T10:01:00Z", 3600, gram(3600, 1.0, 475));
        List<JsonNode> models = read(out.resolve("model_windows.jsonl"));
        assertThat(models).hasSize(3);
        assertRow(models.get(0), "model", "llama", "2024-03-01T10:00:00Z", "2024-03-01T10:01:00Z", 120, 0.015);
        assertRow(models.get(1), "model", "llama", "2024-03-01T10:01:00Z", "2024-03-01T10:02:00Z", 90, 0.0075);
        assertRow(models.get(2), "model", "unattributed", "2024-03-01T10:00:00Z", "2024-03-01T10:01:00Z", 3600, 0.475);
    }

    @Test
    void shouldGiveTheSameNumbersWithFourPartitionsAndTwoThreadsAsWithOne(@TempDir Path dir) throws Exception {
        // Given a fleet with resets, duplicates, reordering, gaps and pods and nodes without metadata
        Path in = Files.createDirectories(dir.resolve("in"));
        double expectedJoules = generateFleet(in, new Random(7));

        // When it is replayed on one partition and one thread, and on four partitions and two threads
        Path single = replay(in, dir.resolve("single"), 1, 1);
        Path parallel = replay(in, dir.resolve("parallel"), 4, 2);

        // Then every (group, window) has the same value, and the energy is all there
        for (String file : List.of("team_windows.jsonl", "model_windows.jsonl")) {
            Map<String, JsonNode> a = byKey(read(single.resolve(file)));
            Map<String, JsonNode> b = byKey(read(parallel.resolve(file)));
            assertThat(b.keySet()).as(file).isEqualTo(a.keySet());
            for (String key : a.keySet()) {
                assertThat(b.get(key).get("energyJoules").asDouble()).as(file + " " + key)
                        .isCloseTo(a.get(key).get("energyJoules").asDouble(), within(1e-6));
                assertThat(b.get(key).get("co2eGrams").asDouble()).as(file + " " + key)
                        .isCloseTo(a.get(key).get("co2eGrams").asDouble(), within(1e-9));
            }
            double joules = a.values().stream().mapToDouble(n -> n.get("energyJoules").asDouble()).sum();
            assertThat(joules).as("Σ energy in " + file).isCloseTo(expectedJoules, within(1e-6 * expectedJoules));
        }
        assertThat(read(single.resolve("team_windows.jsonl")).stream().map(n -> n.get("team").asText()).distinct())
                .contains("unattributed", "team-0", "team-1", "team-2");
        // and the runs cleaned up their topics on the shared cluster
        assertThat(kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS))
                .noneMatch(name -> name.startsWith("replay-") || name.startsWith("carbon-ledger-replay-"));
    }

    private Path replay(Path in, Path out, int partitions, int threads) {
        int exit = CarbonLedger.execute(Map.of(), "replay", "--input", in.toString(), "--output", out.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--partitions", Integer.toString(partitions),
                "--threads", Integer.toString(threads), "--timeout", "5m");
        assertThat(exit).isZero();
        return out;
    }

    /** Writes a random fleet and returns the energy it holds by rules 1–3, computed plainly. */
    private static double generateFleet(Path in, Random random) throws IOException {
        Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
        List<String> samples = new ArrayList<>();
        List<String> pods = new ArrayList<>();
        double total = 0;
        for (int p = 0; p < 30; p++) {
            String pod = "pod-" + p;
            if (p % 5 != 0) { // every fifth pod has no metadata
                String model = p % 7 == 0 ? "" : ",\"model\":\"model-" + (p % 4) + "\"";
                pods.add("{\"pod\":\"" + pod + "\",\"namespace\":\"ns\",\"name\":\"" + pod + "\",\"team\":\"team-" + (p % 3) + "\"" + model + "}");
            }
            String node = "node-" + (p % 4); // node-3 has no metadata
            for (String component : List.of("package", "dram")) {
                long ts = t0.toEpochMilli() + random.nextInt(5000);
                double counter = random.nextDouble() * 1000;
                long lastAccepted = Long.MIN_VALUE;
                double lastCounter = 0;
                for (int i = 0; i < 60; i++) {
                    ts += 5000 + (random.nextInt(10) == 0 ? 60_000 : 0); // occasional gap
                    counter = random.nextInt(25) == 0 ? random.nextDouble() * 10 : counter + random.nextDouble() * 50;
                    long written = ts;
                    if (random.nextInt(20) == 0 && lastAccepted != Long.MIN_VALUE) {
                        written = lastAccepted - random.nextInt(3) * 1000; // duplicate or out of order: ignored
                    }
                    samples.add("{\"ts\":" + written + ",\"node\":\"" + node + "\",\"pod\":\"" + pod
                            + "\",\"component\":\"" + component + "\",\"joules\":" + counter + "}");
                    if (written <= lastAccepted) {
                        continue;
                    }
                    if (lastAccepted != Long.MIN_VALUE) {
                        total += counter >= lastCounter ? counter - lastCounter : counter;
                    }
                    lastAccepted = written;
                    lastCounter = counter;
                }
            }
        }
        write(in.resolve("samples.jsonl"), samples.toArray(String[]::new));
        write(in.resolve("pods.jsonl"), pods.toArray(String[]::new));
        write(in.resolve("nodes.jsonl"), "{\"node\":\"node-0\",\"zone\":\"A\",\"pue\":1.2}",
                "{\"node\":\"node-1\",\"zone\":\"A\"}", "{\"node\":\"node-2\",\"zone\":\"B\",\"pue\":1.4}");
        List<String> intensity = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            for (int q = 0; q < 4; q++) {
                long from = t0.plus(Duration.ofMinutes(h * 60L + q * 15L)).toEpochMilli();
                intensity.add("{\"zone\":\"A\",\"from\":" + from + ",\"gCo2ePerKwh\":" + (100 + 10 * q + h) + ",\"forecast\":true}");
                if (q != 2) { // an hour with a missing actual keeps the forecast
                    intensity.add("{\"zone\":\"A\",\"from\":" + from + ",\"gCo2ePerKwh\":" + (90 + 10 * q + h) + "}");
                }
            }
            intensity.add("{\"zone\":\"B\",\"from\":\"" + t0.plus(Duration.ofHours(h)).plusSeconds(17) + "\",\"gCo2ePerKwh\":" + (500 - h * 50) + "}");
        }
        write(in.resolve("intensity.jsonl"), intensity.toArray(String[]::new));
        return total;
    }

    private static double gram(double joules, double pue, double intensity) {
        return joules / 3.6e6 * pue * intensity;
    }

    private static void assertRow(JsonNode row, String field, String group, String start, String end, double joules, double grams) {
        assertThat(row.get(field).asText()).isEqualTo(group);
        assertThat(row.get("windowStart").asText()).isEqualTo(start);
        assertThat(row.get("windowEnd").asText()).isEqualTo(end);
        assertThat(row.get("energyJoules").asDouble()).as("%s %s joules", group, start).isCloseTo(joules, within(EPSILON));
        assertThat(row.get("co2eGrams").asDouble()).as("%s %s grams", group, start).isCloseTo(grams, within(EPSILON));
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> rows) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String group = row.has("team") ? row.get("team").asText() : row.get("model").asText();
            byKey.put(group + "@" + row.get("windowStart").asText(), row);
        }
        return byKey;
    }
}
