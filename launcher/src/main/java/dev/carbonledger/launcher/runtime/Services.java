package dev.carbonledger.launcher.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of a command, closed in reverse start order on Ctrl-C / SIGTERM or when the command ends.
 * A part that fails to close is logged and the others are still closed.
 */
public final class Services implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Services.class);

    private final Deque<Named> started = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private record Named(String name, AutoCloseable service) {}

    /** Registers a started part; it is closed before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T add(String name, T service) {
        started.push(new Named(name, service));
        return service;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes everything. */
    public void runUntilStopped() throws InterruptedException {
        Thread hook = new Thread(() -> {
            LOGGER.info("stop requested, shutting down");
            close();
            stopped.countDown();
        }, "carbon-ledger-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }

    @Override
    public synchronized void close() {
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
