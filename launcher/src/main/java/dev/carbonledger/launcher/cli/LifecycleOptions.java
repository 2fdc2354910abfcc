package dev.carbonledger.launcher.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where a long-running command serves its health endpoints, and how long it may take to stop; shared by
 * {@code collector}, {@code streams}, {@code sinks} and {@code standalone}. The port itself is each command's own
 * ({@code --health-port}: collector 9401, streams 9402; the sinks use the exporter's port).
 */
public final class LifecycleOptions {
    @Option(names = "--health-host", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address the health endpoint (/metrics, /livez, /readyz) binds to (default: ${DEFAULT-VALUE})")
    public String healthHost;

    @Option(names = "--shutdown-grace", defaultValue = "25s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time allowed to close everything on SIGTERM or failure; past it the process halts with "
                    + "status 1. Keep it below the pod's terminationGracePeriodSeconds (default: ${DEFAULT-VALUE})")
    public Duration shutdownGrace;

    /** @throws IllegalArgumentException when the grace period is not positive */
    public Duration grace() {
        if (shutdownGrace.isNegative() || shutdownGrace.isZero()) {
            throw new IllegalArgumentException("--shutdown-grace must be positive, got " + shutdownGrace);
        }
        return shutdownGrace;
    }

    /** @throws IllegalArgumentException when the port is out of range (-1 turns the endpoint off) */
    public static int checkPort(String option, int port) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(option + " must be within 0..65535, or -1 for none; got " + port);
        }
        return port;
    }
}
