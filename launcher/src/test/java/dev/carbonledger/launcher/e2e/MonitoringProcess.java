package dev.carbonledger.launcher.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus or Alertmanager from the Debian packages, as a child process on 127.0.0.1 with an ephemeral
 * port, stopped on close. The test is skipped (with the reason) only when the binary is not installed.
 */
final class MonitoringProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final URI url;
    private final Path log;

    private MonitoringProcess(String name, Process process, URI url, Path log) {
        this.name = name;
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static Path requireBinary(String binary, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, binary + " is not on PATH; install the Debian package '" + debianPackage
                + "' (CI does) to run this end-to-end test");
        throw new IllegalStateException("unreachable");
    }

    /** Alertmanager with the given config, gossip disabled. */
    static MonitoringProcess alertmanager(Path dir, String config) throws IOException {
        Path binary = requireBinary("prometheus-alertmanager", "prometheus-alertmanager");
        Path configFile = dir.resolve("alertmanager.yml");
        Files.writeString(configFile, config);
        int port = freePort();
        return start("alertmanager", dir, port, List.of(binary.toString(), "--config.file=" + configFile,
                "--storage.path=" + dir.resolve("alertmanager-data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="));
    }

    /** Prometheus with the given config; its TSDB in {@code dir}. */
    static MonitoringProcess prometheus(Path dir, String config) throws IOException {
        Path binary = requireBinary("prometheus", "prometheus");
        Path configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        int port = freePort();
        return start("prometheus", dir, port, List.of(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port));
    }

    private static MonitoringProcess start(String name, Path dir, int port, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        MonitoringProcess p = new MonitoringProcess(name, process, URI.create("http://127.0.0.1:" + port), log);
        try {
            await(name + " ready on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue());
                        }
                        return HTTP.send(HttpRequest.newBuilder(p.url.resolve("/-/ready")).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (RuntimeException e) {
            String output = p.output();
            p.close();
            throw new IllegalStateException(name + " did not become ready; its output:\n" + output, e);
        }
        return p;
    }

    URI url() {
        return url;
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + "@" + url;
    }
}
