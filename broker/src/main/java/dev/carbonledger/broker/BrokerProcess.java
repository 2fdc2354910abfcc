package dev.carbonledger.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node broker in a child JVM ({@link BrokerMain}, same classpath as this JVM), for tests that
 * kill the broker hard and restart it on the same data directory and ports. The child's stdout and stderr
 * go to {@value #LOG_FILE} in the data directory; the child stops by itself when this JVM goes away
 * (its stdin pipe closes), so it never outlives the test run.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(BrokerProcess.class);

    /** Log file of the child JVM, in the data directory. */
    public static final String LOG_FILE = "broker-process.log";
    /** Security settings of the child (owner-only; contains passwords), in the data directory. */
    public static final String SECURITY_FILE = "broker-security.properties";
    /**
     * JVM options of the child unless others are given. C1 only and the serial collector: on two busy
     * cores the broker starts in about half the time, and a test broker needs no peak throughput.
     */
    public static final List<String> DEFAULT_JVM_ARGS =
            List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    private final BrokerConfig config;
    private final List<String> jvmArgs;
    private Process process;
    private Duration lastStartupDuration = Duration.ZERO;

    private BrokerProcess(BrokerConfig config, List<String> jvmArgs) {
        this.config = config;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    /** Starts a broker JVM with {@link #DEFAULT_JVM_ARGS}; see {@link #start(BrokerConfig, List)}. */
    public static BrokerProcess start(BrokerConfig config) {
        return start(config, DEFAULT_JVM_ARGS);
    }

    /**
     * Starts a broker JVM and waits for its READY line. Ports 0 are resolved here once, so restarts reuse
     * them.
     *
     * @param config  broker settings; {@link BrokerConfig#startupTimeout()} bounds the wait
     * @param jvmArgs options for the child JVM
     * @return the running broker process
     * @throws BrokerStartException if the child exits or stays silent past the startup timeout
     */
    public static BrokerProcess start(BrokerConfig config, List<String> jvmArgs) {
        BrokerProcess broker = new BrokerProcess(EmbeddedKafkaBroker.resolvePorts(config), jvmArgs);
        broker.launch();
        return broker;
    }

    /** The bootstrap servers, {@code host:port}; the same across restarts. */
    public String bootstrapServers() {
        return EmbeddedKafkaBroker.bootstrapServers(config);
    }

    public int port() {
        return config.port();
    }

    public int controllerPort() {
        return config.controllerPort();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** File receiving the child's stdout and stderr, appended across restarts. */
    public Path logFile() {
        return config.dataDir().resolve(LOG_FILE);
    }

    /** Process id of the current child JVM. */
    public synchronized long pid() {
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Wall time of the last start: JVM launch until the READY line. */
    public synchronized Duration lastStartupDuration() {
        return lastStartupDuration;
    }

    /** Kills the child JVM with SIGKILL (kill -9) and waits until it is gone. Data stays on disk. */
    public synchronized void kill() {
        if (!isAlive()) {
            return;
        }
        long pid = process.pid();
        process.destroyForcibly();
        waitForExit(STOP_TIMEOUT);
        LOGGER.info("event=broker_process_killed pid={} bootstrap_servers={}", pid, bootstrapServers());
    }

    /** Stops the child JVM with SIGTERM (graceful shutdown), SIGKILL after 30 s. */
    public synchronized void stop() {
        if (!isAlive()) {
            return;
        }
        long pid = process.pid();
        process.destroy();
        if (!waitForExit(STOP_TIMEOUT)) {
            LOGGER.warn("event=broker_process_stop_timeout pid={} timeout_ms={}", pid, STOP_TIMEOUT.toMillis());
            process.destroyForcibly();
            waitForExit(STOP_TIMEOUT);
        }
        LOGGER.info("event=broker_process_stopped pid={} exit_code={}", pid, process.exitValue());
    }

    /** Stops the child if it still runs, then starts a new one on the same data directory and ports. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() {
        Path log = logFile();
        long startNanos = System.nanoTime();
        long logOffset;
        try {
            Files.createDirectories(config.dataDir());
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // stdin stays a pipe: when this JVM dies the child reads EOF and stops (--exit-on-stdin-eof).
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot launch broker JVM for " + config.dataDir(), e);
        }
        awaitReady(log, logOffset, config.startupTimeout());
        lastStartupDuration = Duration.ofNanos(System.nanoTime() - startNanos);
        LOGGER.info("event=broker_process_started pid={} bootstrap_servers={} data_dir={} start_ms={}",
                process.pid(), bootstrapServers(), config.dataDir(), lastStartupDuration.toMillis());
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.add("--host");
        command.add(config.host());
        command.add("--port");
        command.add(Integer.toString(config.port()));
        command.add("--controller-port");
        command.add(Integer.toString(config.controllerPort()));
        command.add("--data-dir");
        command.add(config.dataDir().toString());
        command.add("--partitions");
        command.add(Integer.toString(config.partitions()));
        command.add("--startup-timeout-ms");
        command.add(Long.toString(config.startupTimeout().toMillis()));
        if (config.security().enabled()) {
            // Passwords go through an owner-only file, not the command line (visible to every local user in ps).
            Path securityFile = config.dataDir().resolve(SECURITY_FILE);
            SecurityFile.write(config.security(), securityFile);
            command.add("--security-config");
            command.add(securityFile.toString());
        }
        config.serverOverrides().forEach((key, value) -> {
            command.add("--server-property");
            command.add(key + "=" + value);
        });
        if (config.proxiedListener() != null) {
            command.add("--proxied-listener");
            command.add(config.proxiedListener().port() + ":" + config.proxiedListener().advertisedPort());
        }
        command.add("--exit-on-stdin-eof");
        return command;
    }

    /** Polls the log file from where this launch began until the READY line shows up. */
    private void awaitReady(Path log, long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.plusSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String output = readFrom(log, offset);
            if (output.contains(BrokerMain.READY_PREFIX)) {
                return;
            }
            if (!process.isAlive()) {
                throw new BrokerStartException("Broker JVM exited with code " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + tail(output));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new BrokerStartException("Interrupted while waiting for the broker JVM", e);
            }
        }
        process.destroyForcibly();
        throw new BrokerStartException("Broker JVM printed no READY line within " + timeout.plusSeconds(10).toMillis()
                + " ms; log " + log + ":\n" + tail(readFrom(log, offset)));
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String readFrom(Path log, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, Integer.MAX_VALUE)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        int from = Math.max(0, lines.length - 30);
        return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    }
}
