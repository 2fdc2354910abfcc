package dev.carbonledger.sinks.policy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.sinks.internal.ServerTls;
import dev.carbonledger.sinks.live.EventStreams;
import dev.carbonledger.sinks.live.LiveBoard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * The HTTP(S) side of the policy server over a {@link PolicyState}, without Kafka: binds the JDK server and serves
 * {@link PolicyApi}'s routes through {@link PolicyHandler} on a small pool of daemon threads.
 */
final class PolicyHttp implements AutoCloseable {
    /** Request threads; the views are cheap, reads never block on the topic follower. */
    private static final int THREADS = 4;
    /** The reconnection delay EventSource is told to use. */
    static final Duration STREAM_RETRY = Duration.ofSeconds(3);

    private final PolicyServerConfig config;
    private final PolicyApi api;
    private final PolicyHandler handler;
    private final LiveView live;
    private HttpServer server;
    private ExecutorService executor;

    /** Without the live view's windowed topics: its team rates, SCI and alerts stay empty. */
    PolicyHttp(PolicyServerConfig config, PolicyState state) {
        this(config, state, new LiveBoard(), () -> true);
    }

    /** @param boardCaughtUp whether the live board has read its topics up to where they ended at start */
    PolicyHttp(PolicyServerConfig config, PolicyState state, LiveBoard board, BooleanSupplier boardCaughtUp) {
        this.config = config;
        this.api = new PolicyApi(config, state);
        this.handler = new PolicyHandler(api.routes(), state, config.clock(), config.bearerToken(),
                new RateLimiter(config.requestsPerSecond()));
        this.live = new LiveView(state, board, boardCaughtUp, new EventStreams(config.maxStreamClients(),
                config.streamHeartbeat(), STREAM_RETRY), config.clock());
    }

    /**
     * @throws UncheckedIOException if the address cannot be bound
     * @throws IllegalArgumentException if the TLS keystore cannot be loaded
     */
    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("policy server already started");
        }
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        // The keystore is loaded before binding, so that a bad one leaves no port bound.
        SSLContext tls = config.tls().map(TlsKeystore::sslContext).orElse(null);
        try {
            if (tls != null) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the policy server to " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new LiveHandler(handler, live));
        live.start();
        server.start();
    }

    synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("policy server not started");
        }
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8090}; a wildcard bind address reads as 127.0.0.1. */
    URI url() {
        return URI.create(ServerTls.baseUrl(config.tls().isPresent(), config.bindAddress(), port()));
    }

    /** The live view's streams (open clients, refused connections). */
    EventStreams streams() {
        return live.streams();
    }

    List<Route> routes() {
        return api.routes();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            live.close();
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "carbon-ledger-policy-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
