package dev.carbonledger.launcher.runtime;

import dev.carbonledger.launcher.health.Probe;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of a command, closed in reverse start order on Ctrl-C / SIGTERM or when the command ends.
 * A part that fails to close is logged and the others are still closed.
 *
 * <p>Fail loudly: a part that reports a fatal failure ({@link #fail(String, String)}, e.g. a Kafka Streams client gone
 * to ERROR) or whose watched liveness check fails ({@link #watch(String, Probe)}, e.g. the exporter's reader died)
 * makes {@link #runUntilStopped()} close everything and throw {@link PartFailedException} with the reason, so the
 * command exits non-zero and Kubernetes or compose restart it. Closing is bounded by the grace period: when it takes
 * longer (a hung client), the process halts with status 1 rather than outlive the orchestrator's grace period.
 */
public final class Services implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Services.class);
    /** Within Kubernetes' default terminationGracePeriodSeconds (30 s), with room for the JVM to exit. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(25);
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final Deque<Named> started = new ArrayDeque<>();
    private final Map<String, Probe> watched = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Duration grace;
    private final Halt halt;
    private final Thread hook;
    private ScheduledExecutorService watchdog;

    private record Named(String name, AutoCloseable service) {}

    /** How the process ends when closing outlasts the grace period; a seam for tests. */
    @FunctionalInterface
    interface Halt {
        void halt(int status);
    }

    /** A part reported a fatal failure; the command exits 1 with this message. */
    public static final class PartFailedException extends RuntimeException {
        PartFailedException(String message) {
            super(message);
        }
    }

    public Services() {
        this(DEFAULT_GRACE);
    }

    public Services(Duration grace) {
        this(grace, status -> Runtime.getRuntime().halt(status));
    }

    Services(Duration grace, Halt halt) {
        if (grace == null || grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("the shutdown grace period must be positive, got " + grace);
        }
        this.grace = grace;
        this.halt = halt;
        // Registered at once, so a SIGTERM while the parts start (a pod deleted during start-up) closes what is up.
        this.hook = new Thread(() -> {
            if (failure.get() == null) {
                LOGGER.info("event=stop_requested grace={}", grace);
            }
            closeWithin(grace);
            stopped.countDown();
        }, "carbon-ledger-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Registers a started part; it is closed before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T add(String name, T service) {
        started.push(new Named(name, service));
        return service;
    }

    /** Checks {@code liveness} every second while {@link #runUntilStopped()} runs; a failing check is fatal. */
    public synchronized void watch(String name, Probe liveness) {
        watched.put(name, liveness);
    }

    /** Reports a fatal failure of a part (from any thread): {@link #runUntilStopped()} ends with it. First one wins. */
    public void fail(String part, String reason) {
        if (failure.compareAndSet(null, part + " failed: " + reason)) {
            LOGGER.error("event=part_failed part={} reason=\"{}\" action=exit", part, reason);
        }
        stopped.countDown();
    }

    /**
     * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes everything within the grace period; or
     * until a part fails, then closes everything and throws.
     *
     * @throws PartFailedException when a part reported a fatal failure
     */
    public void runUntilStopped() throws InterruptedException {
        startWatchdog();
        stopped.await();
        stopWatchdog();
        String reason = failure.get();
        if (reason != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook closes everything anyway
            }
            closeWithin(grace);
            throw new PartFailedException(reason);
        }
    }

    private synchronized void startWatchdog() {
        if (watched.isEmpty()) {
            return;
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carbon-ledger-watchdog");
            t.setDaemon(true);
            return t;
        });
        Map<String, Probe> probes = Map.copyOf(watched);
        watchdog.scheduleWithFixedDelay(() -> probes.forEach((name, probe) -> {
            Probe.Result r;
            try {
                r = probe.check();
            } catch (RuntimeException e) {
                r = Probe.Result.failing(e.toString());
            }
            if (!r.ok()) {
                fail(name, r.detail());
            }
        }), WATCH_INTERVAL.toMillis(), WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void stopWatchdog() {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
    }

    /** Closes everything; halts the process with status 1 when that takes longer than {@code limit}. */
    void closeWithin(Duration limit) {
        Thread closer = new Thread(this::close, "carbon-ledger-close");
        closer.start();
        try {
            closer.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOGGER.error("event=shutdown_timeout grace={} action=halt status=1 note=\"a part did not close in time\"", grace);
            halt.halt(1);
        }
    }

    @Override
    public void close() {
        stopWatchdog();
        synchronized (this) {
            while (!started.isEmpty()) {
                Named n = started.pop();
                long t0 = System.nanoTime();
                try {
                    n.service().close();
                    LOGGER.info("stopped service={} tookMs={}", n.name(), (System.nanoTime() - t0) / 1_000_000);
                } catch (Exception e) {
                    LOGGER.warn("failed to stop service={} error={}", n.name(), e.toString(), e);
                }
            }
        }
    }
}
