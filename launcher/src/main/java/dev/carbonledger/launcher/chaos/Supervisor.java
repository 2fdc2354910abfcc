package dev.carbonledger.launcher.chaos;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a component that exited on its own, two seconds later, as a kubelet restarts a failed container, and
 * records the exit with the component's last error line: a fault must end in a clear error and a recovery, not a hang.
 */
final class Supervisor implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Supervisor.class);
    private static final long BACKOFF_MILLIS = 2000;

    private final List<ChildComponent> watched = new CopyOnWriteArrayList<>();
    private final ChaosReport report;
    private final Thread thread;
    private volatile boolean running = true;

    Supervisor(ChaosReport report) {
        this.report = report;
        this.thread = new Thread(this::loop, "chaos-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(ChildComponent component) {
        watched.add(component);
    }

    private void loop() {
        while (running) {
            for (ChildComponent c : watched) {
                Integer exit = c.unexpectedExit();
                if (exit != null && running) {
                    String reason = c.lastErrorLine();
                    report.exited(c.name(), exit, reason);
                    LOGGER.warn("event=chaos_component_exited component={} exitCode={} action=restart_in_{}ms reason=\"{}\"",
                            c.name(), exit, BACKOFF_MILLIS, reason);
                    try {
                        Thread.sleep(BACKOFF_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (running && c.unexpectedExit() != null) {
                        c.start();
                    }
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
