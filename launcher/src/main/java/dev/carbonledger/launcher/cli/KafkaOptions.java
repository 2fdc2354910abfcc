package dev.carbonledger.launcher.cli;

import dev.carbonledger.schemas.topics.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where Kafka and the schema registry are, shared by every subcommand. Kafka client settings (SASL, TLS ...) pass
 * through unchanged from {@code --kafka-config FILE} and repeated {@code --kafka-property key=value}; the latter win.
 */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env CARBON_LEDGER_BOOTSTRAP_SERVERS)")
    public String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
            description = "Confluent-compatible schema registry (default: ${DEFAULT-VALUE}); user:password@ in the URL for basic auth")
    public String schemaRegistryUrl;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicNames.DEFAULT_PREFIX,
            description = "Prefix of every topic name (default: ${DEFAULT-VALUE})")
    public String topicPrefix;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Properties file of Kafka client settings (security.protocol, sasl.*, ssl.* ...)")
    public Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting, repeatable; overrides --kafka-config")
    public Map<String, String> kafkaProperties = new LinkedHashMap<>();

    public TopicNames topics() {
        return new TopicNames(topicPrefix);
    }

    /** Client settings: the file, then the single properties, then bootstrap.servers. */
    public Properties clientProperties() {
        Properties p = new Properties();
        if (kafkaConfig != null) {
            try (Reader r = Files.newBufferedReader(kafkaConfig)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
            }
        }
        p.putAll(kafkaProperties);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }
}
