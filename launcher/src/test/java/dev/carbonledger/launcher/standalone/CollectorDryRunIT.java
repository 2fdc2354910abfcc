package dev.carbonledger.launcher.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN section 9: the packaged CLI's dry run against a real HTTP server on 127.0.0.1 serving a recorded
 * Kepler 0.10 exposition. No broker and no registry exist in this test; stdout must hold only JSON rows.
 */
class CollectorDryRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private HttpServer kepler;
    private String exposition;

    @BeforeEach
    void serveKepler() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/kepler/kepler-0.10-node-a.txt")) {
            exposition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        kepler = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kepler.createContext("/metrics", exchange -> {
            byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        kepler.start();
    }

    @AfterEach
    void stop() {
        kepler.stop(0);
    }

    @Test
    void shouldPrintReplaySampleRowsForEveryKeplerPodCounterWithoutABroker() throws Exception {
        // Given: the Kepler exposition on a real server; no broker anywhere (bootstrap points at a closed port)
        String url = "http://127.0.0.1:" + kepler.getAddress().getPort() + "/metrics";
        Instant before = Instant.now();

        // When
        Result run = run("collector", "--dry-run", "--once", "--source", "kepler", "--kepler-url", url, "--node", "node-a");

        // Then: exit 0, every stdout line a samples.jsonl row, logs on stderr
        assertThat(run.exitCode).as("stderr: %s", run.err).isZero();
        assertThat(run.err).contains("dry_run");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : run.out.lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        assertThat(rows).allSatisfy(row -> {
            assertThat(fieldNames(row)).containsExactlyInAnyOrder("ts", "node", "pod", "component", "joules");
            assertThat(Instant.parse(row.get("ts").asText())).isBetween(before, Instant.now());
            assertThat(row.get("node").asText()).isEqualTo("node-a");
        });
        Map<String, Double> joules = rows.stream().collect(Collectors.toMap(
                r -> r.get("pod").asText() + "/" + r.get("component").asText(), r -> r.get("joules").asDouble()));
        // core is part of package and is never published next to it; pod = Kepler's pod_id (the uid)
        assertThat(joules).containsOnly(
                Map.entry("0f6c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f5/package", 2040.5),
                Map.entry("0f6c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f5/dram", 110.75),
                Map.entry("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/package", 7300.0),
                Map.entry("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/dram", 412.5));
    }

    @Test
    void shouldExitNonZeroWithAClearLineWhenTheExporterIsDown() throws Exception {
        String url = "http://127.0.0.1:" + kepler.getAddress().getPort() + "/metrics";
        kepler.stop(0);

        Result run = run("collector", "--dry-run", "--once", "--source", "kepler", "--kepler-url", url, "--node", "node-a");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("source=kepler").doesNotContain("\tat ");
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record Result(int exitCode, String out, String err) {}

    private Result run(String... args) throws Exception {
        Path jar = Path.of("target", "carbon-ledger.jar").toAbsolutePath();
        assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CARBON_LEDGER"));
        pb.environment().put("CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("dry run finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
