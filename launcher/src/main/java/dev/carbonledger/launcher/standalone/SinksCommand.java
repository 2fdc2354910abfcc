package dev.carbonledger.launcher.standalone;

import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.ExporterOptions;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.cli.LifecycleOptions;
import dev.carbonledger.launcher.health.ComponentMetrics;
import dev.carbonledger.launcher.health.ProbeHandler;
import dev.carbonledger.launcher.health.Probe;
import dev.carbonledger.launcher.health.Probes;
import dev.carbonledger.launcher.health.SinkProbes;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import dev.carbonledger.launcher.cli.PolicyServerOptions;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.Services;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code carbon-ledger sinks}: the Prometheus exporter, the policy server (budget gate, Carbon Aware SDK forecasts,
 * carbon-aware windows, KEDA views) and, when Alertmanager URLs are given, the alert forwarder.
 */
@Command(name = "sinks", mixinStandardHelpOptions = true,
        description = "Runs the Prometheus exporter, the policy server and the Alertmanager forwarder.")
public final class SinksCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--metrics-host", defaultValue = "0.0.0.0", description = "Address /metrics and the policy server bind to (default: ${DEFAULT-VALUE})")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "9464",
            description = "Port of /metrics; -1 = no exporter (the policy server on its own) (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--max-emission-series", defaultValue = "10000",
            description = "Bound on team x model x namespace x grid_zone series on /metrics; further combinations are summed into one series labelled other (default: ${DEFAULT-VALUE})")
    int maxEmissionSeries;

    @Option(names = "--series-retire-after", defaultValue = "1h", converter = DurationConverter.class,
            description = "Series (emissions, node gauges, SCI) not updated for this long leave /metrics; 0s = never (default: ${DEFAULT-VALUE})")
    Duration seriesRetireAfter;

    @Mixin
    PolicyServerOptions policy;

    @Mixin
    LifecycleOptions lifecycle;

    @Mixin
    ExporterOptions exporterOptions;

    @Option(names = "--critical-classes", defaultValue = "critical", split = ",",
            description = "Workload classes an exhausted soft budget does not defer; as the streams app's (default: ${DEFAULT-VALUE})")
    List<String> criticalClasses;

    @Option(names = "--accounting-signal", defaultValue = "average",
            description = "The ledger's intensity signal, as the streams app's (default: ${DEFAULT-VALUE})")
    String accountingSignal;

    @Option(names = "--alertmanager-url", paramLabel = "URL", split = ",",
            description = "Alertmanager base URLs; alerts are forwarded only when set")
    List<URI> alertmanagers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        AccountingSignal signal = AccountingSignal.parse(accountingSignal);
        try (Services services = new Services(lifecycle.grace())) {
            SchemaRegistryClient registry = services.add("schema-registry-client", kafka.registryClient());
            if (metricsPort < 0 && !policy.enabled() && alertmanagers.isEmpty()) {
                throw new IllegalArgumentException("nothing to run: --metrics-port -1 and --policy-port -1 without --alertmanager-url");
            }
            // Not ready until the exporter says so: its server (which answers /readyz) starts before its check is added.
            Probes probes = new Probes();
            if (metricsPort >= 0) {
                probes.add("prometheus-exporter", null, () -> Probe.Result.failing("starting"));
                MetricsExporter exporter = services.add("prometheus-exporter", Components.exporter(kafka.clientProperties(),
                        kafka.topics(), registry, metricsHost, metricsPort, new ProbeHandler(probes),
                        b -> exporterOptions.applyTo(b).maxEmissionSeries(maxEmissionSeries).seriesRetireAfter(seriesRetireAfter)));
                ComponentMetrics.process(exporter.registry(), "sinks");
                probes.add("prometheus-exporter", SinkProbes.exporterLive(exporter), SinkProbes.exporterReady(exporter));
                services.watch("prometheus-exporter", SinkProbes.exporterLive(exporter));
            }
            if (policy.enabled()) {
                services.add("policy-server", Components.policyServer(kafka.clientProperties(), kafka.topics(), registry,
                        metricsHost, new LinkedHashSet<>(criticalClasses), signal, policy::applyTo));
            }
            if (!alertmanagers.isEmpty()) {
                services.add("alertmanager-forwarder",
                        Components.forwarder(kafka.clientProperties(), kafka.topics(), registry, alertmanagers));
            }
            services.runUntilStopped();
        }
        return 0;
    }
}
