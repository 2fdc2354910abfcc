package dev.carbonledger.sinks.prometheus;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.sinks.internal.ServerTls;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the pipeline's results on {@code /metrics} for Prometheus: emissions and energy counters per team,
 * model, namespace and grid zone, grid intensity in effect per zone, and pipeline health. Reads the output topics
 * itself (see {@link TopicFollower}); the metric reference is in sinks/README.md.
 *
 * <pre>{@code
 * try (MetricsExporter exporter = new MetricsExporter(config, registryClient)) {
 *     exporter.start();
 *     LOGGER.info("metrics at {}", exporter.url());
 * }
 * }</pre>
 */
public final class MetricsExporter implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(MetricsExporter.class);

    private final ExporterConfig config;
    private final SchemaRegistryClient registryClient;
    private final PipelineState state;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private TopicFollower follower;
    private Thread followerThread;
    private HTTPServer server;
    private com.sun.net.httpserver.HttpHandler otherPaths;

    public MetricsExporter(ExporterConfig config, SchemaRegistryClient registryClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.registryClient = Objects.requireNonNull(registryClient, "registryClient");
        this.state = new PipelineState(ExporterConfig.EMISSION_LABELS.stream()
                .filter(config.emissionLabels()::contains).toList(), config.maxNodes(), config.maxEmissionSeries(),
                config.seriesRetireAfter().toMillis(), config.clock());
        CarbonMetrics.register(registry, state, config.clock());
    }

    /**
     * Binds the HTTP endpoint and starts reading the topics. Returns at once; counters appear once the totals
     * topic has been read to its end (see {@link #awaitCaughtUp(Duration)}).
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("exporter already started");
        }
        try {
            HTTPServer.Builder builder = HTTPServer.builder()
                    .hostname(config.bindAddress())
                    .port(config.port())
                    .registry(registry);
            if (otherPaths != null) {
                builder.defaultHandler(otherPaths);
            }
            config.basicAuth().ifPresent(auth -> builder.authenticator(authenticator(auth)));
            config.tls().ifPresent(tls -> builder.httpsConfigurator(
                    new HttpsConfigurator(tls.sslContext())));
            server = builder.buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics endpoint to " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        follower = new TopicFollower(config, registryClient, state);
        followerThread = new Thread(follower, "carbon-ledger-exporter-follower");
        followerThread.setDaemon(true);
        followerThread.start();
        LOGGER.info("event=exporter_started url={} config=\"{}\"", url(), config);
    }

    /**
     * Serves every path other than {@code /metrics} on the same port (e.g. the launcher's {@code /livez} and
     * {@code /readyz}); call before {@link #start()}.
     */
    public synchronized void serveOtherPaths(com.sun.net.httpserver.HttpHandler handler) {
        this.otherPaths = handler;
    }

    /** Whether the topic reader runs; false once it has died (the process should then exit and be restarted). */
    public synchronized boolean isFollowing() {
        return followerThread != null && followerThread.isAlive();
    }

    /** The bound port (useful with port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("exporter not started");
        }
        return server.getPort();
    }

    /** The metrics URL, e.g. {@code http://127.0.0.1:9464/metrics}; a wildcard bind address reads as 127.0.0.1. */
    public URI url() {
        return URI.create(ServerTls.baseUrl(config.tls().isPresent(), config.bindAddress(), port()) + "/metrics");
    }

    /** Whether the totals, late and DLQ topics have been read up to their end offsets at start. */
    public boolean isCaughtUp() {
        return state.isCaughtUp();
    }

    /** Waits (polling, bounded) until {@link #isCaughtUp()}; returns whether it did within the timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!state.isCaughtUp()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The registry behind {@code /metrics}, for embedding the metrics in another endpoint. */
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        if (follower != null) {
            follower.stop();
            try {
                followerThread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            follower = null;
        }
        if (server != null) {
            server.close();
            server = null;
            LOGGER.info("event=exporter_stopped");
        }
    }

    private static BasicAuthenticator authenticator(ExporterConfig.BasicAuth auth) {
        byte[] user = auth.username().getBytes(StandardCharsets.UTF_8);
        byte[] password = auth.password().getBytes(StandardCharsets.UTF_8);
        return new BasicAuthenticator("carbon-ledger") {
            @Override
            public boolean checkCredentials(String username, String pass) {
                // Both compared, constant time, so that timing tells nothing about which part was wrong.
                boolean userOk = MessageDigest.isEqual(user, username.getBytes(StandardCharsets.UTF_8));
                boolean passOk = MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
                return userOk & passOk;
            }
        };
    }
}
