package dev.carbonledger.launcher.standalone;

import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.Registries;
import dev.carbonledger.launcher.runtime.Services;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger collector}: the node agent (DaemonSet). Sources come from CARBON_LEDGER_COLLECTOR_* variables. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Runs the node agent: energy sources, pod metadata, grid intensity -> Kafka (Avro).",
                "Sources and intervals are configured with CARBON_LEDGER_COLLECTOR_* environment variables",
                "(see collectors/README.md), e.g. CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES=kepler,",
                "CARBON_LEDGER_COLLECTOR_NODE_NAME, CARBON_LEDGER_COLLECTOR_NODE_ZONE; flags override them.",
                "Check a node first: collector --dry-run --once --source kepler --kepler-url URL --node NODE"})
public final class CollectorCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    CollectorFlags flags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CollectorConfig config = flags.config(System.getenv());
        if (flags.dryRun) {
            return CollectorDryRun.run(config, flags.once, spec.commandLine().getOut());
        }
        try (Services services = new Services()) {
            SchemaRegistryClient registry = services.add("schema-registry-client", Registries.rest(kafka.schemaRegistryUrl));
            services.add("collector", Components.collector(config, kafka.clientProperties(), kafka.topics(), registry));
            services.runUntilStopped();
        }
        return 0;
    }
}
