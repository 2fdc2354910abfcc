package dev.carbonledger.launcher.standalone;

import dev.carbonledger.launcher.cli.AccountingCliOptions;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.cli.LifecycleOptions;
import dev.carbonledger.launcher.health.ComponentMetrics;
import dev.carbonledger.launcher.health.HealthServer;
import dev.carbonledger.launcher.health.Probe;
import dev.carbonledger.launcher.health.Probes;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.Registries;
import dev.carbonledger.launcher.runtime.Services;
import dev.carbonledger.launcher.topics.TopicAdmin;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carbon-ledger streams}: the accounting topology (a Deployment, scaled out by partitions). */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = {"Runs the accounting topology: ledger, windowed rollups, late data, running totals (exactly-once).",
                "Serves /metrics, /livez and /readyz (ready when the Kafka Streams client is RUNNING) on --health-port;",
                "exits 1 with the reason when the client goes to ERROR."})
public final class StreamsCommand implements Callable<Integer> {
    public static final int DEFAULT_HEALTH_PORT = 9402;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--state-dir", defaultValue = "/var/lib/carbon-ledger/streams", paramLabel = "DIR",
            description = "Kafka Streams state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--health-port", defaultValue = "" + DEFAULT_HEALTH_PORT,
            description = "Port of /metrics, /livez and /readyz; -1 = none (default: ${DEFAULT-VALUE})")
    int healthPort;

    @Option(names = "--replay-semantics", defaultValue = "false",
            description = {"Process recorded telemetry as replay does: windows never close, series never expire, no "
                    + "timestamp is too far in the future, so results depend on the input only (ignores --grace and "
                    + "--series-idle-expiry). For replaying through a deployed topology and for the chaos harness; "
                    + "not for live accounting, whose windows must close (default: ${DEFAULT-VALUE})"})
    boolean replaySemantics;

    @Mixin
    LifecycleOptions lifecycle;

    @Mixin
    AccountingCliOptions accounting;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        int port = LifecycleOptions.checkPort("--health-port", healthPort);
        AccountingOptions options = accounting.toOptions(kafka.topics());
        if (replaySemantics) {
            options = options.toBuilder().grace(AccountingOptions.NEVER).seriesIdleExpiry(AccountingOptions.NEVER)
                    .maxFutureSkew(AccountingOptions.NEVER).build();
        }
        if (options.jsonMirrors()) {
            TopicAdmin.requireExisting(kafka.clientProperties(), options.topics().jsonMirrors(1), "--json-mirrors");
        }
        try (Services services = new Services(lifecycle.grace())) {
            SchemaRegistryClient registry = services.add("schema-registry-client", kafka.registryClient());
            // The endpoint first: a port already taken fails the start before anything connects; not ready meanwhile.
            PrometheusRegistry metrics = new PrometheusRegistry();
            Probes probes = new Probes().add("streams", null, () -> Probe.Result.failing("starting"));
            if (port >= 0) {
                services.add("health-server", HealthServer.start(lifecycle.healthHost, port, metrics, probes));
            }
            // Before the topology: its reference data cannot be read without the registry (Kafka's global thread).
            Registries.awaitReachable(registry, kafka.registryConfig().urls().toString());
            AccountingApp app = services.add("accounting", Components.accounting(options, kafka.clientProperties(),
                    registry, stateDir, threads, reason -> services.fail("accounting", reason)));
            ComponentMetrics.process(metrics, "streams");
            ComponentMetrics.streams(metrics, app);
            ComponentMetrics.kafkaClients(metrics, List.of(ComponentMetrics.of(app)));
            probes.add("streams", ComponentMetrics.streamsLive(app), ComponentMetrics.streamsReady(app));
            Components.awaitRunning(app);
            services.runUntilStopped();
        }
        return 0;
    }
}
