package dev.carbonledger.launcher.standalone;

import dev.carbonledger.collectors.Collector;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import dev.carbonledger.launcher.cli.EnvironmentDefaults;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.cli.LifecycleOptions;
import dev.carbonledger.launcher.cli.RegistryClientSettings;
import dev.carbonledger.launcher.cli.SecretFiles;
import dev.carbonledger.launcher.health.ComponentMetrics;
import dev.carbonledger.launcher.health.HealthServer;
import dev.carbonledger.launcher.health.Probe;
import dev.carbonledger.launcher.health.Probes;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.Services;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbon-ledger collector}: the node agent (DaemonSet). Sources come from CARBON_LEDGER_COLLECTOR_* variables.
 *
 * <p>Kafka and registry settings, one story: a command-line flag wins; then the collector's own variable
 * ({@code CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS}, {@code _TOPIC_PREFIX}, {@code _SCHEMA_REGISTRY_URL}); then the
 * launcher-wide one ({@code CARBON_LEDGER_BOOTSTRAP_SERVERS} ...); then the default.
 */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Runs the node agent: energy sources, pod metadata, grid intensity -> Kafka (Avro).",
                "Sources and intervals are configured with CARBON_LEDGER_COLLECTOR_* environment variables",
                "(see collectors/README.md), e.g. CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES=kepler,",
                "CARBON_LEDGER_COLLECTOR_NODE_NAME, CARBON_LEDGER_COLLECTOR_NODE_ZONE; flags override them.",
                "Serves /metrics, /livez and /readyz (ready after its first poll the broker acknowledged) on --health-port.",
                "Check a node first: collector --dry-run --once --source kepler --kepler-url URL --node NODE"})
public final class CollectorCommand implements Callable<Integer> {
    public static final int DEFAULT_HEALTH_PORT = 9401;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--health-port", defaultValue = "" + DEFAULT_HEALTH_PORT,
            description = "Port of /metrics, /livez and /readyz; -1 = none (default: ${DEFAULT-VALUE})")
    int healthPort;

    @Mixin
    LifecycleOptions lifecycle;

    @Mixin
    CollectorFlags flags;

    @Spec
    CommandSpec spec;

    /** What the collector connects to, after the precedence above. */
    record Endpoints(String bootstrapServers, String topicPrefix, String schemaRegistryUrl) {}

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = SecretFiles.resolve(environment(), CollectorConfig.ENV_PREFIX, SecretFiles.COLLECTOR_SECRETS);
        CollectorConfig config = flags.config(env);
        if (flags.dryRun) {
            // No broker, no registry, no health endpoint: one reading of the sources, as JSON lines on stdout.
            return CollectorDryRun.run(config, flags.once, spec.commandLine().getOut());
        }
        int port = LifecycleOptions.checkPort("--health-port", healthPort);
        Endpoints endpoints = endpoints(env);
        Properties client = kafka.clientProperties();
        client.put("bootstrap.servers", endpoints.bootstrapServers());
        try (Services services = new Services(lifecycle.grace())) {
            // The file's schema.registry.url applies only when no flag or variable named a URL.
            boolean urlGiven = kafka.explicitlySet("--schema-registry-url")
                    || !blank(env.get(CollectorSetting.SCHEMA_REGISTRY_URL.envName()));
            SchemaRegistryClient registry = services.add("schema-registry-client", new RestSchemaRegistryClient(
                    RegistryClientSettings.config(endpoints.schemaRegistryUrl(), urlGiven, kafka.schemaRegistryConfig)));
            // The endpoint first: a port already taken fails the start before anything connects; not ready meanwhile.
            PrometheusRegistry metrics = new PrometheusRegistry();
            Probes probes = new Probes().add("collector", null, () -> Probe.Result.failing("starting"));
            if (port >= 0) {
                services.add("health-server", HealthServer.start(lifecycle.healthHost, port, metrics, probes));
            }
            Collector collector = services.add("collector",
                    Components.collector(config, client, new TopicNames(endpoints.topicPrefix()), registry));
            ComponentMetrics.process(metrics, "collector");
            ComponentMetrics.collector(metrics, collector);
            ComponentMetrics.kafkaClients(metrics, List.of(ComponentMetrics.of(collector)));
            probes.add("collector", null, ComponentMetrics.collectorReady(collector));
            services.runUntilStopped();
        }
        return 0;
    }

    Endpoints endpoints(Map<String, String> env) {
        return new Endpoints(
                pick("--bootstrap-servers", kafka.bootstrapServers, env, CollectorSetting.BOOTSTRAP_SERVERS),
                pick("--topic-prefix", kafka.topicPrefix, env, CollectorSetting.TOPIC_PREFIX),
                pick("--schema-registry-url", kafka.schemaRegistryUrl, env, CollectorSetting.SCHEMA_REGISTRY_URL));
    }

    private String pick(String option, String optionValue, Map<String, String> env, CollectorSetting setting) {
        boolean onCommandLine = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
        String own = env.get(setting.envName());
        if (!onCommandLine && !blank(own)) {
            return own.strip();
        }
        return optionValue;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private Map<String, String> environment() {
        return spec.commandLine().getDefaultValueProvider() instanceof EnvironmentDefaults defaults
                ? defaults.environment() : System.getenv();
    }
}
