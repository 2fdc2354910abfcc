package dev.carbonledger.launcher.tail;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carbon-ledger tail TOPIC}: prints a topic's Avro records as JSON lines, decoded through the registry with
 * each record's own writer schema (kcat here has no Avro support). A record that cannot be decoded is printed as
 * an error object with its offset rather than stopping the tail.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Prints a topic's records as JSON, one per line: {topic, partition, offset, timestamp, key, value}.")
public final class TailCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic name (e.g. carbon.emissions.team)")
    String topic;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the end")
    boolean fromBeginning;

    @Option(names = {"-n", "--max-records"}, defaultValue = "0", description = "Stop after this many records; 0 = no limit")
    long maxRecords;

    @Option(names = "--idle-timeout", converter = DurationConverter.class, defaultValue = "0s",
            description = "Stop when no record arrived for this long; 0s = follow forever")
    Duration idleTimeout;

    @Override
    public Integer call() {
        if (maxRecords < 0) {
            throw new IllegalArgumentException("--max-records must be >= 0, got " + maxRecords);
        }
        PrintWriter out = spec.commandLine().getOut();
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (SchemaRegistryClient registry = kafka.registryClient();
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            ConfluentAvroJson json = new ConfluentAvroJson(registry);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long printed = 0;
            long lastRecord = System.nanoTime();
            while (maxRecords == 0 || printed < maxRecords) {
                var records = consumer.poll(Duration.ofMillis(250));
                if (records.isEmpty() && !idleTimeout.isZero()
                        && System.nanoTime() - lastRecord > idleTimeout.toNanos()) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    lastRecord = System.nanoTime();
                    out.println(line(json, r));
                    if (++printed == maxRecords) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    private static String line(ConfluentAvroJson json, ConsumerRecord<String, byte[]> r) {
        String value;
        try {
            value = r.value() == null ? "null" : json.decodeToJson(r.topic(), r.value());
        } catch (RuntimeException e) {
            value = "{\"error\":" + quote(e.getMessage()) + "}";
        }
        return "{\"topic\":" + quote(r.topic()) + ",\"partition\":" + r.partition() + ",\"offset\":" + r.offset()
                + ",\"timestamp\":" + r.timestamp() + ",\"key\":" + (r.key() == null ? "null" : quote(r.key()))
                + ",\"value\":" + value + "}";
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s == null ? "" : s)) + "\"";
    }
}
