package dev.carbonledger.launcher.runtime;

import dev.carbonledger.collectors.Collector;
import dev.carbonledger.collectors.CollectorFactory;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import dev.carbonledger.collectors.publisher.CollectorSerializers;
import dev.carbonledger.collectors.publisher.SerializerFactory;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.sinks.alertmanager.AlertmanagerForwarder;
import dev.carbonledger.sinks.alertmanager.ForwarderConfig;
import dev.carbonledger.sinks.policy.PolicyServer;
import dev.carbonledger.sinks.policy.PolicyServerConfig;
import dev.carbonledger.sinks.prometheus.ExporterConfig;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Builds and starts each pipeline part from the launcher's settings; the only place the modules meet. */
public final class Components {
    /** The accounting application id; the exporter watches its consumer lag under this name. */
    public static final String ACCOUNTING_APPLICATION_ID = ExporterConfig.DEFAULT_LAG_GROUP;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Exactly-once cost is mostly the commit interval; 500 ms keeps sample-to-rollup latency well under 2 s. */
    public static final Duration COMMIT_INTERVAL = Duration.ofMillis(500);

    private Components() {}

    /** A collector publishing through the Confluent wire-format serde; sources from {@code config}. */
    public static Collector collector(CollectorConfig base, Properties client, TopicNames topics,
            SchemaRegistryClient registry) {
        CollectorConfig.Builder builder = base.toBuilder()
                .set(CollectorSetting.BOOTSTRAP_SERVERS, client.getProperty("bootstrap.servers"))
                .set(CollectorSetting.TOPIC_PREFIX, topics.prefix());
        client.forEach((k, v) -> {
            if (!"bootstrap.servers".equals(k)) {
                builder.kafkaProperty(k.toString(), v.toString());
            }
        });
        SerializerFactory serializers = new SerializerFactory() {
            @Override
            public <T extends SpecificRecord> Serializer<T> valueSerializer(Class<T> type) {
                return ConfluentAvroSerde.forValues(registry, type).serializer();
            }
        };
        Collector collector = CollectorFactory.create(builder.build(), CollectorSerializers.using(serializers),
                Clock.systemUTC());
        collector.start();
        return collector;
    }

    /** The accounting topology, started; callers wait with {@link #awaitRunning(AccountingApp)} when they need it. */
    public static AccountingApp accounting(AccountingOptions options, Properties client, SchemaRegistryClient registry,
            Path stateDir, int threads) {
        return accounting(options, client, registry, stateDir, threads, null);
    }

    /**
     * The accounting topology, started, with {@code onError} told (from a Kafka Streams thread) when the client goes
     * to ERROR; set before the start so that an early failure is not missed.
     */
    public static AccountingApp accounting(AccountingOptions options, Properties client, SchemaRegistryClient registry,
            Path stateDir, int threads, java.util.function.Consumer<String> onError) {
        AccountingApp app = new AccountingApp(options, AccountingSerdes.avro(registry), client,
                ACCOUNTING_APPLICATION_ID, stateDir, threads, COMMIT_INTERVAL);
        if (onError != null) {
            app.onError(onError);
        }
        try {
            app.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** Waits until the topology is RUNNING, failing loudly with the reason when it does not get there. */
    public static void awaitRunning(AccountingApp app) {
        app.awaitRunning(STARTUP_TIMEOUT);
    }

    /** The Prometheus exporter, serving /metrics. */
    public static MetricsExporter exporter(Properties client, TopicNames topics, SchemaRegistryClient registry,
            String bindAddress, int port) {
        return exporter(client, topics, registry, bindAddress, port, null);
    }

    /** The Prometheus exporter, also serving {@code otherPaths} (the probes) on its port when not null. */
    public static MetricsExporter exporter(Properties client, TopicNames topics, SchemaRegistryClient registry,
            String bindAddress, int port, com.sun.net.httpserver.HttpHandler otherPaths) {
        return exporter(client, topics, registry, bindAddress, port, otherPaths, java.util.function.UnaryOperator.identity());
    }

    /** As above, with {@code settings} (auth, TLS, label allow-list) applied to the config builder. */
    public static MetricsExporter exporter(Properties client, TopicNames topics, SchemaRegistryClient registry,
            String bindAddress, int port, com.sun.net.httpserver.HttpHandler otherPaths,
            java.util.function.UnaryOperator<ExporterConfig.Builder> settings) {
        ExporterConfig config = settings.apply(ExporterConfig.builder(client.getProperty("bootstrap.servers"))
                .kafkaProperties(kafkaSettings(client))
                .topics(topics)
                .bindAddress(bindAddress)
                .port(port))
                .build();
        MetricsExporter exporter = new MetricsExporter(config, registry);
        if (otherPaths != null) {
            exporter.serveOtherPaths(otherPaths);
        }
        exporter.start();
        return exporter;
    }

    /**
     * The policy server (budget gate, Carbon Aware SDK forecasts, windows, KEDA views, decisions), started.
     *
     * @param settings port, token and TLS on top of the builder; the critical classes and accounting signal must be
     *                 the streams app's
     */
    public static PolicyServer policyServer(Properties client, TopicNames topics, SchemaRegistryClient registry,
            String bindAddress, Set<String> criticalClasses, AccountingSignal signal,
            java.util.function.UnaryOperator<PolicyServerConfig.Builder> settings) {
        PolicyServerConfig config = settings.apply(PolicyServerConfig.builder(client.getProperty("bootstrap.servers"))
                .kafkaProperties(kafkaSettings(client)).topics(topics).bindAddress(bindAddress)
                .criticalClasses(criticalClasses).accountingSignal(signal)).build();
        PolicyServer server = new PolicyServer(config, registry);
        server.start();
        return server;
    }

    /** The Alertmanager forwarder of the alerts topic, started; Kafka client settings (SASL, TLS) pass through. */
    public static AlertmanagerForwarder forwarder(Properties client, TopicNames topics, SchemaRegistryClient registry,
            List<URI> alertmanagers) {
        ForwarderConfig config = ForwarderConfig.builder(client.getProperty("bootstrap.servers"), alertmanagers)
                .kafkaProperties(kafkaSettings(client)).topics(topics).build();
        AlertmanagerForwarder forwarder = new AlertmanagerForwarder(config, registry);
        forwarder.start();
        return forwarder;
    }

    /** The client settings other than {@code bootstrap.servers}, which every config takes separately. */
    private static Map<String, Object> kafkaSettings(Properties client) {
        Map<String, Object> kafka = new HashMap<>();
        client.forEach((k, v) -> kafka.put(k.toString(), v));
        kafka.remove("bootstrap.servers");
        return kafka;
    }
}
