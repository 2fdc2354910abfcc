package dev.carbonledger.launcher.cli;

import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Option(names = "--schema-registry-config", paramLabel = "FILE",
            description = "Properties file of schema registry client settings with the Confluent client's keys "
                    + "(schema.registry.url, basic.auth.credentials.source, basic.auth.user.info, "
                    + "schema.registry.ssl.truststore.*, schema.registry.ssl.keystore.*)")
    public Path schemaRegistryConfig;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicNames.DEFAULT_PREFIX,
            description = "Prefix of every topic name (default: ${DEFAULT-VALUE})")
    public String topicPrefix;

    /** {@code --kafka-config} and {@code --kafka-property}, as the commands that choose their cluster take them. */
    @Mixin
    public KafkaClientOptions client = new KafkaClientOptions();

    /**
     * The schema registry client: {@code --schema-registry-url} and {@code --schema-registry-config}. A URL given
     * on the command line or in CARBON_LEDGER_SCHEMA_REGISTRY_URL wins over the file's {@code schema.registry.url}.
     */
    public SchemaRegistryClient registryClient() {
        return new RestSchemaRegistryClient(registryConfig());
    }

    public RestRegistryConfig registryConfig() {
        return RegistryClientSettings.config(schemaRegistryUrl, explicitlySet("--schema-registry-url"), schemaRegistryConfig);
    }

    /**
     * Whether an option was given on the command line or through its CARBON_LEDGER_* variable or that variable's
     * {@code _FILE} variant (not a default).
     */
    public boolean explicitlySet(String option) {
        if (mixee == null) {
            return true;
        }
        CommandLine cl = mixee.commandLine();
        if (cl != null && cl.getParseResult() != null && cl.getParseResult().hasMatchedOption(option)) {
            return true;
        }
        return cl != null && cl.getDefaultValueProvider() instanceof EnvironmentDefaults env && env.provides(option);
    }

    public TopicNames topics() {
        return new TopicNames(topicPrefix);
    }

    /** Client settings: the file, then the single properties, then bootstrap.servers. */
    public Properties clientProperties() {
        Properties p = KafkaClientOptions.load(client.kafkaConfig, client.kafkaProperties);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }
}
