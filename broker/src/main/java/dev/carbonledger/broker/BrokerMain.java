package dev.carbonledger.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an {@link EmbeddedKafkaBroker} until the JVM is told to stop (SIGTERM, Ctrl-C) or killed.
 * Once the broker answers it prints exactly one line to stdout:
 * <pre>READY bootstrap.servers=127.0.0.1:9092 controller.port=19093 start_ms=3120</pre>
 *
 * <p>Options (each falls back to a system property {@code carbonledger.broker.<name>}):
 * {@code --host}, {@code --port}, {@code --controller-port}, {@code --data-dir} (required),
 * {@code --partitions}, {@code --startup-timeout-ms}, {@code --server-property key=value} (repeatable),
 * {@code --security-config FILE} (secured listeners and the authorizer, see {@link SecurityFile}),
 * {@code --proxied-listener PORT:ADVERTISED_PORT} (see {@link BrokerConfig.ProxiedListener}) and
 * {@code --exit-on-stdin-eof}, which makes the broker stop when its parent process goes away.
 */
public final class BrokerMain {

    /** Prefix of the line printed on stdout once the broker is ready. */
    public static final String READY_PREFIX = "READY bootstrap.servers=";

    private static final String PROPERTY_PREFIX = "carbonledger.broker.";

    private BrokerMain() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("broker: " + e.getMessage());
            System.err.println("usage: BrokerMain --data-dir DIR [--host H] [--port N] [--controller-port N]"
                    + " [--partitions N] [--startup-timeout-ms N] [--server-property k=v]... [--security-config FILE]"
                    + " [--proxied-listener PORT:ADVERTISED_PORT] [--exit-on-stdin-eof]");
            System.exit(2);
            return;
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(options.config);
        } catch (RuntimeException e) {
            // Server threads may linger after a failed start: exit explicitly with a non-zero code.
            System.err.println("broker: FAILED " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        PrintStream out = System.out;
        BrokerSecurity security = broker.config().security();
        out.println(READY_PREFIX + broker.bootstrapServers() + " controller.port=" + broker.controllerPort()
                + (security.saslSslEnabled() ? " sasl_ssl.port=" + security.saslSslPort() : "")
                + (security.sslEnabled() ? " ssl.port=" + security.sslPort() : "")
                + " start_ms=" + broker.startupDuration().toMillis());
        out.flush();
        if (options.exitOnStdinEof) {
            Thread watcher = new Thread(() -> exitOnEof(System.in), "broker-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        // The Kafka server threads are non-daemon: the JVM stays up until a signal or System.exit.
    }

    /** Blocks until the stream ends (the parent closed the pipe or died), then exits through the hooks. */
    private static void exitOnEof(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only its end matters.
            }
        } catch (IOException e) {
            // A broken pipe means the same as EOF.
        }
        System.exit(0);
    }

    /** Parsed command line. */
    static final class Options {
        final BrokerConfig config;
        final boolean exitOnStdinEof;

        private Options(BrokerConfig config, boolean exitOnStdinEof) {
            this.config = config;
            this.exitOnStdinEof = exitOnStdinEof;
        }

        static Options parse(String[] args) {
            String host = System.getProperty(PROPERTY_PREFIX + "host", BrokerConfig.DEFAULT_HOST);
            String port = System.getProperty(PROPERTY_PREFIX + "port", Integer.toString(BrokerConfig.DEFAULT_PORT));
            String controllerPort = System.getProperty(PROPERTY_PREFIX + "controller-port",
                    Integer.toString(BrokerConfig.DEFAULT_CONTROLLER_PORT));
            String dataDir = System.getProperty(PROPERTY_PREFIX + "data-dir");
            String securityConfig = System.getProperty(PROPERTY_PREFIX + "security-config");
            String partitions = System.getProperty(PROPERTY_PREFIX + "partitions",
                    Integer.toString(BrokerConfig.DEFAULT_PARTITIONS));
            String timeout = System.getProperty(PROPERTY_PREFIX + "startup-timeout-ms",
                    Long.toString(BrokerConfig.DEFAULT_STARTUP_TIMEOUT.toMillis()));
            String proxied = null;
            boolean exitOnEof = false;
            List<String> serverProperties = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--exit-on-stdin-eof")) {
                    exitOnEof = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    errors.add("missing value after " + arg);
                    break;
                }
                String value = args[++i];
                switch (arg) {
                    case "--host" -> host = value;
                    case "--port" -> port = value;
                    case "--controller-port" -> controllerPort = value;
                    case "--data-dir" -> dataDir = value;
                    case "--partitions" -> partitions = value;
                    case "--startup-timeout-ms" -> timeout = value;
                    case "--server-property" -> serverProperties.add(value);
                    case "--security-config" -> securityConfig = value;
                    case "--proxied-listener" -> proxied = value;
                    default -> errors.add("unknown option " + arg);
                }
            }
            if (dataDir == null || dataDir.isBlank()) {
                errors.add("--data-dir is required");
            }
            int portValue = parseInt("--port", port, errors);
            int controllerPortValue = parseInt("--controller-port", controllerPort, errors);
            int partitionsValue = parseInt("--partitions", partitions, errors);
            int timeoutValue = parseInt("--startup-timeout-ms", timeout, errors);
            BrokerConfig.ProxiedListener proxiedListener = null;
            if (proxied != null) {
                String[] ports = proxied.split(":", -1);
                if (ports.length != 2) {
                    errors.add("--proxied-listener needs PORT:ADVERTISED_PORT, was '" + proxied + "'");
                } else {
                    proxiedListener = new BrokerConfig.ProxiedListener(parseInt("--proxied-listener", ports[0], errors),
                            parseInt("--proxied-listener", ports[1], errors));
                }
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", errors));
            }
            BrokerConfig.Builder builder = BrokerConfig.builder(Path.of(dataDir)).host(host).port(portValue)
                    .controllerPort(controllerPortValue).partitions(partitionsValue)
                    .startupTimeout(Duration.ofMillis(timeoutValue)).proxiedListener(proxiedListener);
            if (securityConfig != null && !securityConfig.isBlank()) {
                builder.security(SecurityFile.read(Path.of(securityConfig)));
            }
            for (String kv : serverProperties) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--server-property needs key=value, got '" + kv + "'");
                }
                builder.serverProperty(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return new Options(builder.build(), exitOnEof);
        }

        private static int parseInt(String name, String value, List<String> errors) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                errors.add(name + " must be an integer, was '" + value + "'");
                return 0;
            }
        }
    }
}
