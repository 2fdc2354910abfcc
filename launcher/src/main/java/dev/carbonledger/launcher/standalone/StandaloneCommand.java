package dev.carbonledger.launcher.standalone;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.EmbeddedKafkaBroker;
import dev.carbonledger.collectors.Collector;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import dev.carbonledger.launcher.cli.AccountingCliOptions;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.PolicyServerOptions;
import dev.carbonledger.launcher.cli.RegistryServerOptions;
import dev.carbonledger.launcher.cli.LifecycleOptions;
import dev.carbonledger.launcher.health.ComponentMetrics;
import dev.carbonledger.launcher.health.ProbeHandler;
import dev.carbonledger.launcher.health.Probes;
import dev.carbonledger.launcher.health.SinkProbes;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.KafkaEnvironment;
import dev.carbonledger.launcher.runtime.Services;
import dev.carbonledger.launcher.topics.TopicAdmin;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.registry.KafkaSchemaLog;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.policy.PolicyServer;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbon-ledger standalone}: the whole pipeline on one machine: an embedded single-node Kafka broker, the
 * embedded schema registry, a SIMULATED demo fleet published through the real collector path (with demo budgets so
 * that gates and alerts show life within minutes), the accounting topology, the Prometheus exporter and the policy
 * server, and the Alertmanager forwarder when given a URL. Prints where everything listens and a live summary line.
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = {"Runs everything on embedded defaults: Kafka broker (KRaft), schema registry, demo fleet",
                "(simulated data, clearly labelled) with demo budgets, accounting topology, Prometheus exporter and",
                "policy server. Ctrl-C stops cleanly."})
public final class StandaloneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = ".carbon-ledger", paramLabel = "DIR",
            description = "Broker data and Streams state; kept across restarts (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address every server binds to (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka listener port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "19093", description = "KRaft controller port (default: ${DEFAULT-VALUE})")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE})")
    int registryPort;

    @Mixin
    RegistryServerOptions registryServerOptions;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Prometheus /metrics port (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the partitioned topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Mixin
    AccountingCliOptions accountingOptions;

    @Option(names = "--demo-seed", defaultValue = "42", description = "Seed of the simulated fleet (default: ${DEFAULT-VALUE})")
    long demoSeed;

    @Mixin
    PolicyServerOptions policy;

    @Option(names = "--intensity-file", paramLabel = "FILE",
            description = {"Also publish this file's intensity records and forecasts as they are: the Carbon Aware SDK's JSON",
                    "array, or replay's intensity.jsonl format (re-read when it changes)"})
    Path intensityFile;

    @Option(names = "--alertmanager-url", paramLabel = "URL", split = ",",
            description = "Forward the pipeline's alerts (budget alerts) to these Alertmanagers")
    List<URI> alertmanagers = new ArrayList<>();

    @Option(names = "--demo-budgets", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Give the demo teams budgets (when they have none yet): research hard and small, search soft"
                    + " and small, payments and recommendations large (default: ${DEFAULT-VALUE})")
    boolean demoBudgets;

    @Option(names = "--summary-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often the live summary line is printed; 0s = never (default: ${DEFAULT-VALUE})")
    Duration summaryInterval;

    @Mixin
    LifecycleOptions lifecycle;

    @Override
    public Integer call() throws Exception {
        validate();
        // Password files and the keystore are read before the broker starts, so that a bad one fails at once.
        EmbeddedRegistryConfig registryConfig = registryServerOptions.applyTo(
                EmbeddedRegistryConfig.of(registryPort).withHost(host));
        if (registryConfig.tls() != null) {
            registryConfig.tls().sslContext();
        }
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        out.println("carbon-ledger standalone: the demo fleet is SIMULATED data, for trying the pipeline out.");
        out.flush();
        TopicNames topics = TopicNames.defaults();
        try (Services services = new Services(lifecycle.grace())) {
            EmbeddedKafkaBroker broker = services.add("kafka-broker", EmbeddedKafkaBroker.start(
                    BrokerConfig.builder(dataDir.resolve("kafka")).host(host).port(kafkaPort)
                            .controllerPort(controllerPort).partitions(partitions).build()));
            KafkaEnvironment kafka = KafkaEnvironment.embedded(broker);
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                TopicAdmin.ensure(admin, topics.all(partitions, accountingOptions.jsonMirrors()), kafka.replicationFactor(), false);
            }
            EmbeddedSchemaRegistry registryServer = services.add("schema-registry", EmbeddedSchemaRegistry.kafkaBacked(
                    registryConfig, KafkaSchemaLog.Settings.of(kafka.bootstrapServers(), topics.schemas())).start());
            // The parts in this process use the registry's store directly: same ids and rules as over HTTP, and no
            // truststore or credentials to hand around when the registry serves HTTPS with basic auth.
            SchemaRegistryClient registry = services.add("schema-registry-client", registryServer.localClient());
            AccountingOptions options = accountingOptions.toOptions(topics);
            if (demoBudgets) {
                DemoBudgets.ensure(kafka.clientProperties(), topics, registry, out);
            }
            AccountingApp accounting = services.add("accounting", Components.accounting(options,
                    kafka.clientProperties(), registry, dataDir.resolve("streams-state"), 1,
                    reason -> services.fail("accounting", reason)));
            // One health endpoint for the whole process: the exporter's port serves every part's metrics and probes.
            Probes probes = new Probes();
            MetricsExporter exporter = services.add("prometheus-exporter", Components.exporter(kafka.clientProperties(),
                    topics, registry, host, metricsPort, new ProbeHandler(probes)));
            ComponentMetrics.process(exporter.registry(), "standalone");
            ComponentMetrics.streams(exporter.registry(), accounting);
            probes.add("streams", ComponentMetrics.streamsLive(accounting), ComponentMetrics.streamsReady(accounting));
            probes.add("prometheus-exporter", SinkProbes.exporterLive(exporter), SinkProbes.exporterReady(exporter));
            services.watch("prometheus-exporter", SinkProbes.exporterLive(exporter));
            PolicyServer policyServer = !policy.enabled() ? null : services.add("policy-server",
                    Components.policyServer(kafka.clientProperties(), topics, registry, host, options.criticalClasses(),
                            options.accountingSignal(),
                            loopback(host) ? policy::applyToLoopback : policy::applyTo));
            if (!alertmanagers.isEmpty()) {
                services.add("alertmanager-forwarder", Components.forwarder(kafka.clientProperties(), topics, registry,
                        alertmanagers));
            }
            CollectorConfig.Builder demoBuilder = CollectorConfig.builder()
                    .set(CollectorSetting.ENERGY_SOURCES, "demo")
                    .set(CollectorSetting.INTENSITY_PROVIDERS, intensityFile == null ? "demo" : "demo,file")
                    .set(CollectorSetting.POD_SOURCE, "none")
                    .set(CollectorSetting.INTENSITY_INTERVAL, "1m")
                    .set(CollectorSetting.POD_INTERVAL, "5s")
                    .set(CollectorSetting.DEMO_SEED, Long.toString(demoSeed))
                    .set(CollectorSetting.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            if (intensityFile != null) {
                demoBuilder.set(CollectorSetting.INTENSITY_FILE, intensityFile.toAbsolutePath().toString());
            }
            CollectorConfig demo = demoBuilder.build();
            Collector collector = services.add("demo-collector",
                    Components.collector(demo, kafka.clientProperties(), topics, registry));
            ComponentMetrics.collector(exporter.registry(), collector);
            ComponentMetrics.kafkaClients(exporter.registry(), List.of(ComponentMetrics.of(accounting), ComponentMetrics.of(collector)));
            probes.add("collector", null, ComponentMetrics.collectorReady(collector));
            // The exporter and the collector start while the topology joins its group.
            Components.awaitRunning(accounting);

            Duration ready = Duration.ofNanos(System.nanoTime() - started);
            out.printf("Kafka broker      %s  (KRaft, data in %s)%n", broker.bootstrapServers(), dataDir.resolve("kafka"));
            out.printf("Schema registry   %s/subjects%s%n", registryServer.url(),
                    registryConfig.username() == null ? "" : "  (basic auth, user " + registryConfig.username() + ")");
            out.printf("Prometheus        %s%n", exporter.url());
            if (policyServer != null) {
                out.printf("Policy server     %s  (/v1/gate?team=research, /emissions/forecasts/current?location=%s,"
                        + " /openapi.json)%n", policyServer.url(), DemoFleet.DIRTY_ZONE);
                out.printf("Live view         %s  (in a browser: team rates, budgets, zones, SCI, alerts)%n",
                        policyServer.liveViewUrl());
            }
            if (intensityFile != null) {
                out.printf("Intensity file    %s  (records and forecasts published as they are)%n", intensityFile);
            }
            out.printf("Topics            %s.*  (carbon-ledger tail %s --from-beginning)%n", topics.prefix(), topics.teamWindows());
            out.printf("READY in %.1f s (broker %.1f s). Ctrl-C stops.%n", ready.toMillis() / 1000.0,
                    broker.startupDuration().toMillis() / 1000.0);
            out.flush();
            ScheduledExecutorService summary = summaries(out, collector, accounting, exporter);
            try {
                services.runUntilStopped();
            } finally {
                summary.shutdownNow();
            }
        }
        return 0;
    }

    private ScheduledExecutorService summaries(PrintWriter out, Collector collector, AccountingApp accounting,
            MetricsExporter exporter) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "standalone-summary");
            t.setDaemon(true);
            return t;
        });
        if (!summaryInterval.isZero()) {
            LiveSummary live = new LiveSummary(collector, accounting, exporter);
            long every = summaryInterval.toMillis();
            executor.scheduleAtFixedRate(() -> {
                out.println(live.line());
                out.flush();
            }, every, every, TimeUnit.MILLISECONDS);
        }
        return executor;
    }

    private void validate() {
        StringBuilder errors = new StringBuilder();
        for (int port : new int[] {kafkaPort, controllerPort, registryPort, metricsPort}) {
            if (port < 0 || port > 65535) {
                errors.append("port ").append(port).append(" is out of range; ");
            }
        }
        if (partitions < 1) {
            errors.append("--partitions must be >= 1; ");
        }
        if (summaryInterval.isNegative()) {
            errors.append("--summary-interval must not be negative; ");
        }
        if (policy.port > 65535) {
            errors.append("--policy-port ").append(policy.port).append(" is out of range; ");
        }
        if (intensityFile != null && !Files.isReadable(intensityFile)) {
            errors.append("--intensity-file ").append(intensityFile).append(" does not exist or cannot be read; ");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.substring(0, errors.length() - 2));
        }
    }

    /** Whether {@code host} is a loopback address: then the only clients are the user's own machine. */
    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
