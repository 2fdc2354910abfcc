package dev.carbonledger.sinks.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1 with an ephemeral port, gossip off,
 * and a route sending everything to one webhook at once. Skips the test when the binary is absent.
 */
public final class AlertmanagerProcess implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final Path log;

    private AlertmanagerProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    public static AlertmanagerProcess start(Path dir, URI webhook) throws IOException {
        Path binary = Promtool.require("prometheus-alertmanager", "prometheus-alertmanager");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, String.join("\n",
                "route:",
                "  receiver: webhook",
                "  group_by: ['...']",
                "  group_wait: 0s",
                "  group_interval: 1s",
                "  repeat_interval: 1h",
                "receivers:",
                "  - name: webhook",
                "    webhook_configs:",
                "      - url: " + webhook,
                "        send_resolved: true",
                ""));
        int port = freePort();
        Path log = dir.resolve("alertmanager.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AlertmanagerProcess am = new AlertmanagerProcess(process, URI.create("http://127.0.0.1:" + port), log);
        HttpClient http = HttpClient.newHttpClient();
        try {
            await("Alertmanager ready on port " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(am.url.resolve("/-/ready")).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (RuntimeException e) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            am.close();
            throw new IllegalStateException("Alertmanager did not become ready; its output:\n" + output, e);
        }
        return am;
    }

    public URI url() {
        return url;
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
