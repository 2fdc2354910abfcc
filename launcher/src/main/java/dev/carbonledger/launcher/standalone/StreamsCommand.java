package dev.carbonledger.launcher.standalone;

import dev.carbonledger.launcher.cli.AccountingCliOptions;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.Registries;
import dev.carbonledger.launcher.runtime.Services;
import dev.carbonledger.launcher.topics.TopicAdmin;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.streams.AccountingOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carbon-ledger streams}: the accounting topology (a Deployment, scaled out by partitions). */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Runs the accounting topology: ledger, windowed rollups, late data, running totals (exactly-once).")
public final class StreamsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--state-dir", defaultValue = "/var/lib/carbon-ledger/streams", paramLabel = "DIR",
            description = "Kafka Streams state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    AccountingCliOptions accounting;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        AccountingOptions options = accounting.toOptions(kafka.topics());
        if (options.jsonMirrors()) {
            TopicAdmin.requireExisting(kafka.clientProperties(), options.topics().jsonMirrors(1), "--json-mirrors");
        }
        try (Services services = new Services()) {
            SchemaRegistryClient registry = services.add("schema-registry-client", Registries.rest(kafka.schemaRegistryUrl));
            Components.awaitRunning(services.add("accounting",
                    Components.accounting(options, kafka.clientProperties(), registry, stateDir, threads)));
            services.runUntilStopped();
        }
        return 0;
    }
}
