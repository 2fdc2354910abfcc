package dev.carbonledger.launcher.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One carbon-ledger component ({@code streams}, {@code sinks}, {@code collector}) in its own JVM, as a pod runs it:
 * same classpath as this process, output appended to a log file, ready when its {@code /readyz} answers 200. It can be
 * killed hard ({@code kill -9}), stopped (SIGTERM) and started again on the same state.
 */
final class ChildComponent implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ChildComponent.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String name;
    private final List<String> args;
    private final Map<String, String> environment;
    private final Path logFile;
    private final String readyUrl;
    private Process process;
    private int starts;
    private volatile boolean expectedDown = true;

    ChildComponent(String name, List<String> args, Map<String, String> environment, Path logFile, String readyUrl) {
        this.name = name;
        this.args = List.copyOf(args);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.readyUrl = readyUrl;
    }

    String name() {
        return name;
    }

    synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.carbonledger.launcher.CarbonLedger");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CARBON_LEDGER_"));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        starts++;
        expectedDown = false;
        LOGGER.info("event=chaos_component_started component={} pid={} start={} log={}", name, process.pid(), starts, logFile);
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    synchronized void kill9() throws InterruptedException {
        expectedDown = true;
        if (process != null && process.isAlive()) {
            long pid = process.pid();
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            LOGGER.info("event=chaos_kill9 component={} pid={}", name, pid);
        }
    }

    /** SIGTERM and wait for the exit. */
    synchronized void stop() throws InterruptedException {
        expectedDown = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The exit code if the process ended without being told to, else null. */
    synchronized Integer unexpectedExit() {
        return !expectedDown && process != null && !process.isAlive() ? process.exitValue() : null;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    int starts() {
        return starts;
    }

    /** Waits for {@code /readyz} to answer 200; fails early with the log's last lines if the process ends. */
    Duration awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (status(readyUrl) == 200) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(200);
        }
        throw new TimeoutException(name + " not ready at " + readyUrl + " within " + timeout + "; last log lines:\n"
                + lastLines(15));
    }

    /**
     * What the operator would read first: the command's own last words ({@code carbon-ledger <command>: failed: …}),
     * else the last {@code ERROR} line; for the report.
     */
    String lastErrorLine() {
        List<String> lines = lines();
        String error = null;
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.startsWith("carbon-ledger ")) {
                return abbreviate(line);
            }
            if (error == null && line.contains(" ERROR ")) {
                error = line;
            }
        }
        return error == null ? "(no error line)" : abbreviate(error);
    }

    private static String abbreviate(String line) {
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }

    String lastLines(int n) {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Lines of the log containing {@code text}. */
    long countLines(String text) {
        return lines().stream().filter(l -> l.contains(text)).count();
    }

    private List<String> lines() {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public void close() throws InterruptedException {
        kill9();
    }
}
