package dev.carbonledger.launcher.runtime;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka cluster a command runs against: an external one, or a single-node broker started in this process. */
public final class KafkaEnvironment implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaEnvironment.class);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final Map<String, String> clientSettings;

    private KafkaEnvironment(EmbeddedKafkaBroker broker, String bootstrapServers, Map<String, String> clientSettings) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = Map.copyOf(clientSettings);
    }

    /** The given cluster, or, when {@code bootstrapServers} is null, an embedded broker on an ephemeral port. */
    public static KafkaEnvironment embeddedUnless(String bootstrapServers, Path dataDir, Map<String, String> clientSettings) {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            LOGGER.info("using external Kafka bootstrapServers={}", bootstrapServers);
            return new KafkaEnvironment(null, bootstrapServers, clientSettings);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerConfig.builder(dataDir)
                .port(0)
                .controllerPort(0)
                .build());
        return new KafkaEnvironment(broker, broker.bootstrapServers(), clientSettings);
    }

    public static KafkaEnvironment embedded(EmbeddedKafkaBroker broker) {
        return new KafkaEnvironment(broker, broker.bootstrapServers(), Map.of());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Replicas for new topics: 1 on the embedded broker, the cluster's default elsewhere. */
    public short replicationFactor() {
        return broker != null ? (short) 1 : (short) -1;
    }

    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
