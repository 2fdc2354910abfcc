package dev.carbonledger.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's own parts, each against the real thing it stands in for (sockets, HTTP, files). */
class ChaosPartsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void shouldWriteTheSameWorkloadForTheSameSeedWithDuplicatesAndBudgets(@TempDir Path dir) throws IOException {
        long first = WorkloadGenerator.write(dir.resolve("a"), START, 12, 1, 30, List.of("c-1"), 7);
        long second = WorkloadGenerator.write(dir.resolve("b"), START, 12, 1, 30, List.of("c-1"), 7);

        assertThat(first).isEqualTo(second).isGreaterThanOrEqualTo(12 * 121);
        assertThat(Files.readAllLines(dir.resolve("a/samples.jsonl"))).isEqualTo(Files.readAllLines(dir.resolve("b/samples.jsonl")));
        List<String> samples = Files.readAllLines(dir.resolve("a/samples.jsonl"));
        assertThat(samples).hasSize((int) first);
        assertThat(Files.readAllLines(dir.resolve("a/budgets.jsonl"))).hasSize(6).allMatch(l -> l.contains("\"period\":\"day\""));
        assertThat(Files.readAllLines(dir.resolve("a/pods.jsonl"))).anyMatch(l -> l.contains("\"team\":\"chaos-collector\""));
        new ObjectMapper().readTree(samples.get(0));
    }

    @Test
    void shouldCarryBytesUntilCutAndAgainAfterRestore() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!echo.isClosed()) {
                    try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        int b;
                        while ((b = in.read()) >= 0) {
                            out.write(b);
                        }
                    } catch (IOException e) {
                        // next
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            int port = ChaosRun.freePort();
            try (TcpProxy proxy = new TcpProxy(port, echo.getLocalPort())) {
                proxy.restore();
                Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                client.getOutputStream().write('x');
                assertThat(client.getInputStream().read()).isEqualTo('x');

                proxy.cut();

                assertThat(readOrEnd(client)).as("the open connection ends").isEqualTo(-1);
                assertThat(connects(port)).as("new connections are refused").isFalse();
                proxy.restore();
                assertThat(connects(port)).isTrue();
            }
        }
    }

    @Test
    void shouldKnowTheEnergyItServedFromTheFirstScrapeToTheFrozenEnd() throws Exception {
        try (KeplerEndpoint kepler = new KeplerEndpoint(List.of("p-1", "p-2")).start()) {
            Map<String, Double> first = scrape(kepler.url());
            Thread.sleep(50);
            kepler.freeze();
            Map<String, Double> last = scrape(kepler.url());

            assertThat(scrape(kepler.url())).isEqualTo(last);
            double served = last.values().stream().mapToDouble(Double::doubleValue).sum()
                    - first.values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(served).isPositive();
            assertThat(kepler.expectedJoules()).isCloseTo(served, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(kepler.scrapes()).isEqualTo(3);
        }
    }

    @Test
    void shouldCallAnEpisodeFiredAgainAfterItResolvedADuplicateNotification() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver().start()) {
            String firing = alert("2026-01-05T01:00:00Z", Instant.now().plusSeconds(300).toString());
            String resolved = alert("2026-01-05T01:00:00Z", "2026-01-05T02:00:00Z");
            post(receiver.url(), firing);
            post(receiver.url(), firing);   // a resend: the same episode, not a new notification

            assertThat(receiver.firingEpisodes()).hasSize(1);
            assertThat(receiver.refired()).isEmpty();

            post(receiver.url(), resolved);
            post(receiver.url(), firing);

            assertThat(receiver.refired()).hasSize(1);
            assertThat(receiver.posts()).isEqualTo(4);
        }
    }

    @Test
    void shouldReportOnlyThePipelinesCountersThatWentDown() {
        Map<String, Double> before = PrometheusCounters.parse("""
                # TYPE carbon_emissions_grams_total counter
                carbon_emissions_grams_total{team="a"} 10.5
                carbon_emissions_grams_total{team="b"} 3
                process_cpu_seconds_total 40
                carbon_pipeline_exporter_records_read_total{topic="t"} 90
                carbon_budget_fraction{team="a"} 0.5
                """);
        Map<String, Double> after = PrometheusCounters.parse("""
                carbon_emissions_grams_total{team="a"} 11
                carbon_emissions_grams_total{team="b"} 2
                process_cpu_seconds_total 1
                carbon_pipeline_exporter_records_read_total{topic="t"} 3
                """);

        assertThat(before).containsOnlyKeys("carbon_emissions_grams_total{team=\"a\"}",
                "carbon_emissions_grams_total{team=\"b\"}", "process_cpu_seconds_total",
                "carbon_pipeline_exporter_records_read_total{topic=\"t\"}");
        assertThat(PrometheusCounters.decreased(before, after)).containsExactly("carbon_emissions_grams_total{team=\"b\"} 3.0 -> 2.0");
    }

    private static String alert(String startsAt, String endsAt) {
        return "[{\"labels\":{\"alertname\":\"CarbonBudgetExhausted\",\"team\":\"t\"},\"startsAt\":\"" + startsAt
                + "\",\"endsAt\":\"" + endsAt + "\"}]";
    }

    private static void post(String base, String body) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts")).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    private static Map<String, Double> scrape(String url) throws Exception {
        Map<String, Double> values = new java.util.TreeMap<>();
        for (String line : HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                values.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return values;
    }

    private static int readOrEnd(Socket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException reset) {
            return -1;
        }
    }

    private static boolean connects(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
