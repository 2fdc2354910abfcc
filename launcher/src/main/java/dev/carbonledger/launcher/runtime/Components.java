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
import dev.carbonledger.sinks.prometheus.ExporterConfig;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
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
        AccountingApp app = new AccountingApp(options, AccountingSerdes.avro(registry), client,
                ACCOUNTING_APPLICATION_ID, stateDir, threads, COMMIT_INTERVAL);
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
        Map<String, Object> kafka = new HashMap<>();
        client.forEach((k, v) -> kafka.put(k.toString(), v));
        kafka.remove("bootstrap.servers");
        ExporterConfig config = ExporterConfig.builder(client.getProperty("bootstrap.servers"))
                .kafkaProperties(kafka)
                .topics(topics)
                .bindAddress(bindAddress)
                .port(port)
                .build();
        MetricsExporter exporter = new MetricsExporter(config, registry);
        exporter.start();
        return exporter;
    }
}
