package dev.carbonledger.launcher.health;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health and metrics endpoint of the collector and the streams app: {@code /metrics} (the given registry, in
 * the Prometheus and OpenMetrics text formats), {@code /livez} and {@code /readyz} (see {@link ProbeHandler}), on a
 * configurable address. The sinks serve the same paths on the exporter's port instead.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(HealthServer.class);

    private final HTTPServer server;
    private final String host;

    private HealthServer(HTTPServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 for an ephemeral port
     * @throws UncheckedIOException with the address when it cannot be bound
     */
    public static HealthServer start(String host, int port, PrometheusRegistry registry, Probes probes) {
        try {
            HTTPServer server = HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(registry)
                    .registerHealthHandler(false)
                    .defaultHandler(new ProbeHandler(probes))
                    .buildAndStart();
            HealthServer health = new HealthServer(server, host);
            LOGGER.info("event=health_server_started url={}", health.baseUrl());
            return health;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the health endpoint to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** E.g. {@code http://127.0.0.1:9402}; a wildcard bind address reads as 127.0.0.1. */
    public String baseUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    @Override
    public void close() {
        server.close();
    }
}
