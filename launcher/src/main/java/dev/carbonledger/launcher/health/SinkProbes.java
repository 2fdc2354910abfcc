package dev.carbonledger.launcher.health;

import dev.carbonledger.sinks.prometheus.MetricsExporter;

/** The sinks' checks: the exporter is live while its topic reader runs, and ready once caught up. */
public final class SinkProbes {
    private SinkProbes() {}

    public static Probe exporterLive(MetricsExporter exporter) {
        return () -> exporter.isFollowing() ? Probe.Result.ok("reading topics")
                : Probe.Result.failing("the exporter's topic reader stopped (see the log for its error)");
    }

    public static Probe exporterReady(MetricsExporter exporter) {
        return () -> exporter.isCaughtUp() ? Probe.Result.ok("caught up")
                : Probe.Result.failing("reading the totals, late and dead-letter topics up to their end");
    }
}
