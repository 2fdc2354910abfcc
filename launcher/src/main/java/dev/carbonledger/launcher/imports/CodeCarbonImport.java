package dev.carbonledger.launcher.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns CodeCarbon runs into replay input (DESIGN section 5), so a training run is re-accounted by the real
 * pipeline at the grid intensity in effect while it ran: each run is a pod ({@code codecarbon-<run_id>}, namespace
 * {@code codecarbon}, the given team and model) on a node {@code codecarbon@<zone>} in the given zone; its cumulative
 * CPU, GPU and RAM energy become the counters of components package, gpu and dram, with a zero baseline at the
 * run's start (first row's timestamp minus its duration), so the pipeline spreads each row's energy over the time
 * since the previous row. A run with no per-component energy is published as component platform.
 */
final class CodeCarbonImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CodeCarbonImport() {}

    static String podUid(CodeCarbonRun run) {
        return "codecarbon-" + run.runId();
    }

    static String node(String zone) {
        return "codecarbon@" + zone;
    }

    /** Writes samples.jsonl, pods.jsonl and nodes.jsonl into {@code dir}; returns the number of sample rows. */
    static int writeReplayInput(List<CodeCarbonRun> runs, String team, String model, String zone, Double pue, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        int samples = 0;
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("samples.jsonl"), StandardCharsets.UTF_8)) {
            for (CodeCarbonRun run : runs) {
                boolean perComponent = run.readings().stream()
                        .anyMatch(r -> r.cpuJoules() > 0 || r.gpuJoules() > 0 || r.ramJoules() > 0);
                List<String> components = perComponent ? List.of("package", "gpu", "dram") : List.of("platform");
                for (String component : components) {
                    samples += line(out, sample(run.start().toString(), zone, run, component, 0));
                    for (CodeCarbonRun.Reading r : run.readings()) {
                        double joules = switch (component) {
                            case "package" -> r.cpuJoules();
                            case "gpu" -> r.gpuJoules();
                            case "dram" -> r.ramJoules();
                            default -> r.totalJoules();
                        };
                        samples += line(out, sample(r.at().toString(), zone, run, component, joules));
                    }
                }
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("pods.jsonl"), StandardCharsets.UTF_8)) {
            for (CodeCarbonRun run : runs) {
                ObjectNode pod = JSON.createObjectNode().put("pod", podUid(run)).put("namespace", "codecarbon")
                        .put("name", run.project().isBlank() ? run.runId() : run.project() + "-" + run.runId())
                        .put("team", team).put("model", model);
                line(out, pod);
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("nodes.jsonl"), StandardCharsets.UTF_8)) {
            ObjectNode node = JSON.createObjectNode().put("node", node(zone)).put("zone", zone);
            if (pue != null) {
                node.put("pue", pue);
            }
            line(out, node);
        }
        return samples;
    }

    private static ObjectNode sample(String ts, String zone, CodeCarbonRun run, String component, double joules) {
        return JSON.createObjectNode().put("ts", ts).put("node", node(zone)).put("pod", podUid(run))
                .put("component", component).put("joules", joules);
    }

    private static int line(BufferedWriter out, JsonNode row) throws IOException {
        out.write(JSON.writeValueAsString(row));
        out.newLine();
        return 1;
    }
}
