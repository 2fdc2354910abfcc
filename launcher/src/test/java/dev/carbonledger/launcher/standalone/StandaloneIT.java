package dev.carbonledger.launcher.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job as a user runs it: the packaged {@code carbon-ledger.jar standalone} in its own JVM, on free ports.
 * Checks what the README promises: it gets ready, the registry lists subjects, kcat lists the topics, every demo
 * team shows emissions in /metrics, and SIGTERM stops it cleanly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneIT {
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final List<String> DEMO_TEAMS = List.of("search", "recommendations", "research", "payments");
    private static final Pattern EMISSIONS = Pattern.compile(
            "^carbon_emissions_grams_total\\{([^}]*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    @TempDir
    static Path dataDir;

    private static Process process;
    private static Thread reader;
    private static final List<String> output = new CopyOnWriteArrayList<>();
    private static int kafkaPort;
    private static int registryPort;
    private static int metricsPort;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startStandalone() throws Exception {
        kafkaPort = freePort();
        registryPort = freePort();
        metricsPort = freePort();
        Path jar = Path.of("target", "carbon-ledger.jar").toAbsolutePath();
        assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-jar", jar.toString(), "standalone",
                "--data-dir", dataDir.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--controller-port", Integer.toString(freePort()), "--registry-port", Integer.toString(registryPort),
                "--metrics-port", Integer.toString(metricsPort), "--summary-interval", "2s")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "standalone-output");
        reader.setDaemon(true);
        reader.start();
        await("standalone READY line").atMost(READY_LIMIT).pollInterval(Duration.ofMillis(200))
                .failFast("standalone exited: " + output, () -> !process.isAlive())
                .until(() -> output.stream().anyMatch(l -> l.startsWith("READY in")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void shouldServeRegisteredSubjectsAndListTopicsThroughKcat() throws Exception {
        // Serdes register their schema with the first record the demo collector publishes.
        await("registered subjects").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("http://127.0.0.1:" + registryPort + "/subjects"))
                        .contains("carbon.energy.samples-value").contains("carbon.pods-value"));

        assertThat(output).anyMatch(l -> l.contains("127.0.0.1:" + kafkaPort));
        if (onPath("kcat")) {
            Process kcat = new ProcessBuilder("kcat", "-b", "127.0.0.1:" + kafkaPort, "-L").redirectErrorStream(true).start();
            String listing = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(listing).contains("topic \"carbon.energy.samples\"").contains("topic \"carbon.emissions.team\"");
        }
    }

    @Test
    @Order(2)
    void shouldShowEmissionsForEveryDemoTeamAndALiveSummary() {
        await("non-zero emissions for every demo team").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, Double> byTeam = gramsByTeam(get("http://127.0.0.1:" + metricsPort + "/metrics"));
                    for (String team : DEMO_TEAMS) {
                        assertThat(byTeam.getOrDefault(team, 0.0)).as("grams of team %s", team).isPositive();
                    }
                });
        await("a live summary line").atMost(Duration.ofSeconds(30))
                .until(() -> output.stream().anyMatch(l -> l.startsWith("samples published=")));
    }

    @Test
    @Order(3)
    void shouldServeOneHealthEndpointForEveryPartOnTheExporterPort() throws Exception {
        String base = "http://127.0.0.1:" + metricsPort;
        await("standalone /readyz").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(get(base + "/readyz"))
                        .contains("\"streams\":{\"ok\":true,\"detail\":\"RUNNING\"}")
                        .contains("\"collector\":{\"ok\":true").contains("\"prometheus-exporter\":{\"ok\":true"));
        assertThat(get(base + "/livez")).contains("\"live\":true");
        assertThat(get(base + "/metrics")).contains("carbon_ledger_build_info{component=\"standalone\"")
                .contains("carbon_ledger_streams_state{state=\"RUNNING\"} 1.0")
                .containsPattern("carbon_ledger_collector_samples_published_total [1-9]");
    }

    @Test
    @Order(4)
    void shouldStopCleanlyOnSigterm() throws Exception {
        // SIGTERM, as Kubernetes sends. Process.destroy() would also close our end of its output pipe and lose
        // the shutdown log; the handle only signals.
        assertThat(process.toHandle().destroy()).isTrue();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s of SIGTERM").isTrue();
        assertThat(process.exitValue()).isIn(0, 143);
        reader.join(10_000); // the last lines of output
        assertThat(output).anyMatch(l -> l.contains("stopped service=kafka-broker"));
        assertThat(Files.list(dataDir.resolve("kafka")).findAny()).as("broker data kept for the next start").isPresent();
    }

    private static Map<String, Double> gramsByTeam(String metrics) {
        Matcher m = EMISSIONS.matcher(metrics);
        Map<String, Double> byTeam = new java.util.HashMap<>();
        while (m.find()) {
            Matcher team = Pattern.compile("team=\"([^\"]*)\"").matcher(m.group(1));
            if (team.find()) {
                byTeam.merge(team.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return byTeam;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static boolean onPath(String tool) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
