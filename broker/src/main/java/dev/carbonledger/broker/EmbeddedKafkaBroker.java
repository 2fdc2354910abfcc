package dev.carbonledger.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.network.SocketServerConfigs;
import org.apache.kafka.raft.KRaftConfigs;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.config.ReplicationConfigs;
import org.apache.kafka.server.config.ServerConfigs;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A single-node Kafka (KRaft, combined broker and controller) running in this JVM through Kafka's own
 * {@link KafkaRaftServer}. Storage is formatted on first start; the cluster id is kept in
 * {@value #CLUSTER_ID_FILE} in the data directory, so a restart on the same directory keeps every topic
 * and record.
 *
 * <p>A fatal fault inside the server halts this JVM (Kafka calls {@code Exit.halt}). That is right for
 * the local runtime; tests should use the test kit in test-support or {@link BrokerProcess}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SASL_SSL_LISTENER = "SASL_SSL";
    static final String SSL_LISTENER = "SSL";
    static final String PROXIED_LISTENER = "PROXIED";
    /** File in the data directory holding the cluster id. */
    public static final String CLUSTER_ID_FILE = "cluster.id";
    /** Sub-directory of the data directory holding Kafka's log and metadata directories. */
    public static final String LOGS_DIR = "kafka-logs";

    private final BrokerConfig config;
    private final KafkaRaftServer server;
    private final String clusterId;
    private final Duration startupDuration;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(BrokerConfig config, KafkaRaftServer server, String clusterId,
                                Duration startupDuration) {
        this.config = config;
        this.server = server;
        this.clusterId = clusterId;
        this.startupDuration = startupDuration;
    }

    /**
     * Formats the storage if needed, starts the server and waits until a client can describe the cluster.
     *
     * @param config the broker settings; ports 0 are replaced by free ports first
     * @return the running broker
     * @throws BrokerStartException if the broker does not start or answer within the startup timeout
     */
    public static EmbeddedKafkaBroker start(BrokerConfig config) {
        long startNanos = System.nanoTime();
        BrokerConfig resolved = resolvePorts(config);
        requirePortsFree(resolved);
        String clusterId = prepareDataDir(resolved.dataDir());
        KafkaConfig kafkaConfig = KafkaConfig.fromProps(serverProperties(resolved), false);
        format(kafkaConfig, clusterId, resolved.dataDir());
        KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        try {
            server.startup();
            awaitReady(bootstrapServers(resolved), resolved.startupTimeout());
            ScramUsers.upsert(bootstrapServers(resolved), resolved.security(), resolved.startupTimeout());
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw e instanceof BrokerStartException ? e : new BrokerStartException(
                    "Kafka broker failed to start on " + bootstrapServers(resolved) + " (data dir "
                            + resolved.dataDir() + "): " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        LOGGER.info("event=broker_started bootstrap_servers={} controller_port={} sasl_ssl_port={} ssl_port={}"
                        + " authorizer={} data_dir={} cluster_id={} start_ms={}", bootstrapServers(resolved),
                resolved.controllerPort(), resolved.security().saslSslPort(), resolved.security().sslPort(),
                resolved.security().authorizer(), resolved.dataDir(), clusterId, took.toMillis());
        return new EmbeddedKafkaBroker(resolved, server, clusterId, took);
    }

    /** The bootstrap servers, {@code host:port}. */
    public String bootstrapServers() {
        return bootstrapServers(config);
    }

    /**
     * The bootstrap servers of the SASL_SSL (SCRAM-SHA-512) listener.
     *
     * @throws IllegalStateException if the broker has no such listener
     */
    public String saslSslBootstrapServers() {
        if (!config.security().saslSslEnabled()) {
            throw new IllegalStateException("this broker has no SASL_SSL listener (BrokerSecurity.saslSslPort)");
        }
        return config.host() + ":" + config.security().saslSslPort();
    }

    /**
     * The bootstrap servers of the mutual-TLS (SSL, client certificate required) listener.
     *
     * @throws IllegalStateException if the broker has no such listener
     */
    public String sslBootstrapServers() {
        if (!config.security().sslEnabled()) {
            throw new IllegalStateException("this broker has no SSL listener (BrokerSecurity.sslPort)");
        }
        return config.host() + ":" + config.security().sslPort();
    }

    /** The client port actually bound. */
    public int port() {
        return config.port();
    }

    /** The controller port actually bound. */
    public int controllerPort() {
        return config.controllerPort();
    }

    /** The config the broker runs with, ephemeral ports resolved to the ports in use. */
    public BrokerConfig config() {
        return config;
    }

    /** The cluster id, as kept in the data directory. */
    public String clusterId() {
        return clusterId;
    }

    /** Time from {@link #start(BrokerConfig)} until the broker answered. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /** Shuts the broker down and waits for it; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOGGER.info("event=broker_stopped bootstrap_servers={} stop_ms={}", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** The Kafka server properties for a config whose ports are already resolved. */
    static Properties serverProperties(BrokerConfig c) {
        Properties p = new Properties();
        p.putAll(SingleNodeSettings.serverProperties(c.partitions()));
        p.put(KRaftConfigs.PROCESS_ROLES_CONFIG, "broker,controller");
        p.put(KRaftConfigs.NODE_ID_CONFIG, Integer.toString(NODE_ID));
        // A static voter set: the storage needs no standalone/initial-controllers formatting.
        p.put(QuorumConfig.QUORUM_VOTERS_CONFIG, NODE_ID + "@" + c.host() + ":" + c.controllerPort());
        BrokerSecurity security = c.security();
        String clientListeners = CLIENT_LISTENER + "://" + c.host() + ":" + c.port();
        String protocols = CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT";
        if (security.saslSslEnabled()) {
            clientListeners += "," + SASL_SSL_LISTENER + "://" + c.host() + ":" + security.saslSslPort();
            protocols += "," + SASL_SSL_LISTENER + ":SASL_SSL";
        }
        if (security.sslEnabled()) {
            clientListeners += "," + SSL_LISTENER + "://" + c.host() + ":" + security.sslPort();
            protocols += "," + SSL_LISTENER + ":SSL";
        }
        String boundListeners = clientListeners;
        String advertisedListeners = clientListeners;
        if (c.proxiedListener() != null) {
            boundListeners += "," + PROXIED_LISTENER + "://" + c.host() + ":" + c.proxiedListener().port();
            advertisedListeners += "," + PROXIED_LISTENER + "://" + c.host() + ":" + c.proxiedListener().advertisedPort();
            protocols += "," + PROXIED_LISTENER + ":PLAINTEXT";
        }
        p.put(SocketServerConfigs.LISTENERS_CONFIG, boundListeners + ","
                + CONTROLLER_LISTENER + "://" + c.host() + ":" + c.controllerPort());
        p.put(SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG, advertisedListeners);
        p.put(SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG, protocols);
        SecuritySettings.apply(security, p);
        p.put(KRaftConfigs.CONTROLLER_LISTENER_NAMES_CONFIG, CONTROLLER_LISTENER);
        p.put(ReplicationConfigs.INTER_BROKER_LISTENER_NAME_CONFIG, CLIENT_LISTENER);
        p.put(ServerLogConfigs.LOG_DIRS_CONFIG, c.dataDir().resolve(LOGS_DIR).toString());
        p.put(KRaftConfigs.SERVER_MAX_STARTUP_TIME_MS_CONFIG, Long.toString(c.startupTimeout().toMillis()));
        p.put(ServerConfigs.UNSTABLE_API_VERSIONS_ENABLE_CONFIG, "false");
        p.put(ServerConfigs.UNSTABLE_FEATURE_VERSIONS_ENABLE_CONFIG, "false");
        p.putAll(c.serverOverrides());
        return p;
    }

    static String bootstrapServers(BrokerConfig c) {
        return c.host() + ":" + c.port();
    }

    /** Replaces ports 0 with free ports: KRaft needs the controller address before anything binds. */
    static BrokerConfig resolvePorts(BrokerConfig config) {
        BrokerSecurity security = config.security();
        if (config.port() != 0 && config.controllerPort() != 0 && security.saslSslPort() != 0
                && security.sslPort() != 0) {
            return config;
        }
        int[] free = freePorts(config.host(), 4);
        return config.toBuilder()
                .port(config.port() != 0 ? config.port() : free[0])
                .controllerPort(config.controllerPort() != 0 ? config.controllerPort() : free[1])
                .security(security.withPorts(security.saslSslPort() != 0 ? security.saslSslPort() : free[2],
                        security.sslPort() != 0 ? security.sslPort() : free[3]))
                .build();
    }

    /**
     * Finds distinct free ports by binding them all at once, then releasing them. Another process could
     * take one in between; the window is a few milliseconds.
     */
    static int[] freePorts(String host, int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress address = InetAddress.getByName(host);
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(address, 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + host, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOGGER.debug("event=port_probe_close_failed error={}", e.toString());
                }
            }
        }
    }

    /** Fails with a clear message instead of a bind error deep inside the server. */
    static void requirePortsFree(BrokerConfig c) {
        List<String> taken = new ArrayList<>();
        List<Integer> ports = new ArrayList<>(List.of(c.port(), c.controllerPort()));
        if (c.security().saslSslEnabled()) {
            ports.add(c.security().saslSslPort());
        }
        if (c.security().sslEnabled()) {
            ports.add(c.security().sslPort());
        }
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(c.host()), port));
            } catch (IOException e) {
                taken.add(c.host() + ":" + port);
            }
        }
        if (!taken.isEmpty()) {
            throw new BrokerStartException("Cannot start Kafka: " + String.join(" and ", taken)
                    + " already in use (another broker still running?); choose other ports or 0 for ephemeral");
        }
    }

    /** Creates the data directory and returns the kept cluster id, creating one on first use. */
    static String prepareDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir.resolve(LOGS_DIR));
            Path idFile = dataDir.resolve(CLUSTER_ID_FILE);
            if (Files.exists(idFile)) {
                String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
                if (id.isEmpty()) {
                    throw new BrokerStartException("Cluster id file " + idFile + " is empty; delete the data dir "
                            + dataDir + " to start afresh");
                }
                return id;
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(idFile, id + System.lineSeparator(), StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka data dir " + dataDir, e);
        }
    }

    /** Formats the log directory unless already formatted (ignore-formatted keeps existing data). */
    private static void format(KafkaConfig kafkaConfig, String clusterId, Path dataDir) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Formatter formatter = new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(kafkaConfig.metadataLogDir());
            for (String dir : kafkaConfig.logDirs()) {
                formatter.addDirectory(dir);
            }
            formatter.run();
        } catch (Exception e) {
            throw new BrokerStartException("Cannot format Kafka storage in " + dataDir + " with cluster id "
                    + clusterId + ": " + e.getMessage(), e);
        }
        LOGGER.debug("event=storage_formatted data_dir={} output={}", dataDir,
                output.toString(StandardCharsets.UTF_8).strip());
    }

    private static void awaitReady(String bootstrapServers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> adminProps = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        Exception last = null;
        try (Admin admin = Admin.create(adminProps)) {
            while (System.nanoTime() < deadline) {
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(5, TimeUnit.SECONDS).size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BrokerStartException("Interrupted while waiting for Kafka on " + bootstrapServers, e);
                } catch (Exception e) {
                    last = e;
                }
                sleep(100);
            }
        }
        throw new BrokerStartException("Kafka broker on " + bootstrapServers + " did not answer describeCluster within "
                + timeout.toMillis() + " ms" + (last == null ? "" : "; last error: " + last), last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("Interrupted while waiting for Kafka", e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOGGER.warn("event=broker_shutdown_after_failed_start_failed error={}", e.toString());
        }
    }
}
