package dev.carbonledger.launcher.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Kafka client settings (SASL, TLS ...) passed through unchanged: {@code --kafka-config FILE} and repeated
 * {@code --kafka-property key=value}, the latter winning. For commands that choose their cluster themselves
 * ({@code replay}, {@code bench}: an embedded broker unless {@code --bootstrap-servers}), and through
 * {@link KafkaOptions} for all the others.
 */
public final class KafkaClientOptions {
    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Properties file of Kafka client settings (security.protocol, sasl.*, ssl.* ...)")
    public Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting, repeatable; overrides --kafka-config")
    public Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** The file's settings, then the single properties. */
    public Map<String, String> settings() {
        Map<String, String> all = new LinkedHashMap<>();
        load(kafkaConfig, kafkaProperties).forEach((k, v) -> all.put(k.toString(), v.toString()));
        return all;
    }

    /** The file's settings, then {@code properties} over them. */
    static Properties load(Path file, Map<String, String> properties) {
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + file + ": " + e.getMessage(), e);
            }
        }
        p.putAll(properties);
        return p;
    }
}
