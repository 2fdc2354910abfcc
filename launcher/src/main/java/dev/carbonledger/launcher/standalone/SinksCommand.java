package dev.carbonledger.launcher.standalone;

import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.Registries;
import dev.carbonledger.launcher.runtime.Services;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.sinks.alertmanager.AlertmanagerForwarder;
import dev.carbonledger.sinks.alertmanager.ForwarderConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carbon-ledger sinks}: the Prometheus exporter and, when Alertmanager URLs are given, the alert forwarder. */
@Command(name = "sinks", mixinStandardHelpOptions = true,
        description = "Runs the Prometheus exporter and the Alertmanager forwarder.")
public final class SinksCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--metrics-host", defaultValue = "0.0.0.0", description = "Address /metrics binds to (default: ${DEFAULT-VALUE})")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Port of /metrics (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--alertmanager-url", paramLabel = "URL", split = ",",
            description = "Alertmanager base URLs; alerts are forwarded only when set")
    List<URI> alertmanagers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Services services = new Services()) {
            SchemaRegistryClient registry = services.add("schema-registry-client", Registries.rest(kafka.schemaRegistryUrl));
            services.add("prometheus-exporter",
                    Components.exporter(kafka.clientProperties(), kafka.topics(), registry, metricsHost, metricsPort));
            if (!alertmanagers.isEmpty()) {
                ForwarderConfig config = ForwarderConfig.builder(kafka.bootstrapServers, alertmanagers)
                        .topics(kafka.topics()).build();
                AlertmanagerForwarder forwarder = new AlertmanagerForwarder(config, registry);
                forwarder.start();
                services.add("alertmanager-forwarder", forwarder);
            }
            services.runUntilStopped();
        }
        return 0;
    }
}
