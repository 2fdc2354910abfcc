package dev.carbonledger.registry;

import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaLog;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaStore;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry served from this process, speaking the Confluent REST subset the pipeline and standard
 * clients use. Its state lives in a {@link SchemaStore} persisted through a {@link SchemaLog}: with
 * {@link KafkaSchemaLog} in a compacted topic, so ids survive a restart. Served over HTTPS when the config has a
 * keystore, with basic auth when it has credentials. Lifecycle: {@link #start()}, then {@link #url()}, then
 * {@link #close()} (which also closes the log).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final EmbeddedRegistryConfig config;
    private final SchemaLog log;
    private SchemaStore store;
    private HttpServer server;
    private ExecutorService executor;

    public EmbeddedSchemaRegistry(EmbeddedRegistryConfig config, SchemaLog log) {
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** A registry over a Kafka-backed log (the topic is created if missing on start). */
    public static EmbeddedSchemaRegistry kafkaBacked(EmbeddedRegistryConfig config, KafkaSchemaLog.Settings kafka) {
        return new EmbeddedSchemaRegistry(config, new KafkaSchemaLog(kafka));
    }

    /** A registry whose schemas live only as long as the process (tests, throw-away runs). */
    public static EmbeddedSchemaRegistry inMemory(EmbeddedRegistryConfig config) {
        return new EmbeddedSchemaRegistry(config, SchemaLog.inMemory());
    }

    /**
     * Loads the keystore (if any), replays the log, binds the port and starts serving. Returns this for chaining.
     *
     * @throws IllegalArgumentException naming the keystore when it is missing, unreadable or its password is wrong;
     *                                  nothing is bound then
     */
    public synchronized EmbeddedSchemaRegistry start() {
        if (server != null) {
            throw new IllegalStateException("Schema registry already started at " + url());
        }
        SSLContext tls = config.tls() == null ? null : config.tls().sslContext();
        store = new SchemaStore(log, config.defaultCompatibility());
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        try {
            if (tls == null) {
                server = HttpServer.create(address, 64);
            } else {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind schema registry to " + config.host() + ":" + config.port(), e);
        }
        HttpContext context = server.createContext("/", new RegistryHttpHandler(store));
        if (config.username() != null) {
            context.setAuthenticator(new FixedCredentials(config.username(), config.password()));
        }
        executor = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        server.setExecutor(executor);
        server.start();
        LOGGER.info("Schema registry started url={} subjects={} compatibility={} basicAuth={} tls={}",
                url(), store.subjects().size(), store.globalLevel(), config.username() != null,
                config.tls() == null ? "none" : config.tls().keystore());
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        requireStarted();
        return server.getAddress().getPort();
    }

    /** Base URL for clients, e.g. {@code http://127.0.0.1:40123}, or {@code https://...} when serving TLS. */
    public synchronized String url() {
        requireStarted();
        String host = config.host();
        String shown = host.contains(":") ? "[" + host + "]" : host;
        String scheme = config.tls() == null ? "http" : "https";
        return URI.create(scheme + "://" + shown + ":" + server.getAddress().getPort()).toString();
    }

    /** The store behind the HTTP API, for in-process clients ({@link InMemorySchemaRegistryClient}). */
    public synchronized SchemaStore store() {
        requireStarted();
        return store;
    }

    /**
     * A client for code in this process that skips HTTP: same store, same rules and ids as the REST API.
     * Valid while the registry runs.
     */
    public synchronized SchemaRegistryClient localClient() {
        return new InMemorySchemaRegistryClient(store());
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOGGER.info("Schema registry stopped port={}", server.getAddress().getPort());
            server = null;
        }
        log.close();
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("Schema registry is not started");
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static final class FixedCredentials extends BasicAuthenticator {
        private final byte[] username;
        private final byte[] password;

        FixedCredentials(String username, String password) {
            super("schema-registry");
            this.username = username.getBytes(StandardCharsets.UTF_8);
            this.password = password.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean checkCredentials(String user, String pass) {
            boolean userOk = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
            boolean passOk = MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
            return userOk && passOk;
        }
    }
}
