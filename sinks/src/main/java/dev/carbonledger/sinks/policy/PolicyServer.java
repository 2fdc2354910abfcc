package dev.carbonledger.sinks.policy;

import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.sinks.live.LiveBoard;
import dev.carbonledger.sinks.live.LiveFollower;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy HTTP server (DESIGN section 6): the budget gate ({@code /v1/gate}, and in OPA's Data API shape
 * {@code /v1/data/carbon/gate}), the Carbon Aware SDK's {@code /emissions/forecasts/current}, carbon-aware windows
 * ({@code /v1/windows}), the latest decisions of the policy topic ({@code /v1/decisions}), KEDA metrics-api views
 * ({@code /v1/keda/teams/{team}}, {@code /v1/keda/zones/{zone}}), {@code /openapi.json}, {@code /livez} and
 * {@code /readyz}, and the browser live view at {@code /} fed by server-sent events ({@code /v1/stream/...},
 * see {@link LiveView}). It reads the budgets, budget status, forecasts, policy and intensity topics itself, from the
 * beginning, and answers the policy endpoints with 503 until it has caught up with them. The endpoints are
 * described in sinks/README.md and in the OpenAPI document.
 *
 * <pre>{@code
 * try (PolicyServer server = new PolicyServer(config, registryClient)) {
 *     server.start();
 *     server.awaitCaughtUp(Duration.ofSeconds(30));
 *     LOGGER.info("policy views at {}", server.url());
 * }
 * }</pre>
 */
public final class PolicyServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyServer.class);

    private final PolicyServerConfig config;
    private final SchemaRegistryClient registryClient;
    private final PolicyState state;
    private final PolicyHttp http;
    private final LiveBoard liveBoard = new LiveBoard();
    private PolicyFollower follower;
    private Thread followerThread;
    private volatile LiveFollower liveFollower;
    private Thread liveFollowerThread;
    private boolean started;

    public PolicyServer(PolicyServerConfig config, SchemaRegistryClient registryClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.registryClient = Objects.requireNonNull(registryClient, "registryClient");
        this.state = new PolicyState(config.accountingSignal());
        this.http = new PolicyHttp(config, state, liveBoard, () -> {
            LiveFollower live = liveFollower;
            return live != null && live.isCaughtUp();
        });
    }

    /**
     * Binds the HTTP(S) endpoint and starts reading the topics. Returns at once; the policy endpoints answer 503
     * until the topics have been read to their end (see {@link #awaitCaughtUp(Duration)}).
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @throws IllegalArgumentException if the TLS keystore cannot be loaded
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("policy server already started");
        }
        http.start();
        started = true;
        follower = new PolicyFollower(config, registryClient, state);
        followerThread = new Thread(follower, "carbon-ledger-policy-follower");
        followerThread.setDaemon(true);
        followerThread.start();
        liveFollower = new LiveFollower(config.bootstrapServers(), config.kafkaProperties(), config.topics(),
                registryClient, liveBoard, config.clock(), config.liveLookback(), config.refreshInterval());
        liveFollowerThread = new Thread(liveFollower, "carbon-ledger-live-follower");
        liveFollowerThread.setDaemon(true);
        liveFollowerThread.start();
        LOGGER.info("event=policy_server_started url={} live_view={} config=\"{}\"", url(), liveViewUrl(), config);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return http.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8090}; a wildcard bind address reads as 127.0.0.1. */
    public URI url() {
        return http.url();
    }

    /** The browser live view, e.g. {@code http://127.0.0.1:8090/}. */
    public URI liveViewUrl() {
        return url().resolve("/");
    }

    /** Records of the live view's topics (team windows, SCI, alerts) that could not be decoded, per topic. */
    public Map<String, Long> liveDecodeErrors() {
        LiveFollower live = liveFollower;
        return live == null ? Map.of() : live.decodeErrors();
    }

    /** Live view event streams open now. */
    public int liveStreamClients() {
        return http.streams().clients();
    }

    /** Whether every topic partition present at start has been read up to its end offset at start. */
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

    /** Stops reading and serving; idempotent. */
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
        if (liveFollower != null) {
            liveFollower.stop();
            try {
                liveFollowerThread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            liveFollower = null;
        }
        if (started) {
            http.close();
            started = false;
            LOGGER.info("event=policy_server_stopped");
        }
    }
}
