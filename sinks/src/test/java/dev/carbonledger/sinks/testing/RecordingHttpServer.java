package dev.carbonledger.sinks.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK HTTP server on 127.0.0.1 (ephemeral port) that records every request body it receives on one path and
 * answers 200, or 503 for the first {@code failFirst} requests. Stands in for Alertmanager's API, and serves as
 * the webhook receiver behind a real Alertmanager.
 */
public final class RecordingHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private final AtomicInteger failuresLeft;
    private final AtomicInteger requests = new AtomicInteger();

    public RecordingHttpServer(String path, int failFirst) throws IOException {
        this.failuresLeft = new AtomicInteger(failFirst);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                requests.incrementAndGet();
                int status = 200;
                if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 503;
                } else {
                    synchronized (bodies) {
                        bodies.add(body);
                    }
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Bodies of the requests answered with 200, in arrival order. */
    public List<String> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
