package dev.carbonledger.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The bench's exactly-once pipe on a real broker: every input piped once, offsets committed with the output. */
@WithKafkaBroker
class EosPipeIT {
    private static final int SAMPLES = 6_000;
    private final KafkaTestBroker kafka;

    EosPipeIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldPipeEverySampleExactlyOnceAndCommitTheInputOffsets() throws Exception {
        kafka.createTopic("eos.in", 4);
        kafka.createTopic("eos.out", 4);
        ConfluentAvroSerde<EnergySample> serde = ConfluentAvroSerde.forValues(new InMemorySchemaRegistryClient(),
                EnergySample.class);
        try (KafkaProducer<String, EnergySample> producer = kafka.producer(new StringSerializer(), serde.serializer())) {
            for (int i = 0; i < SAMPLES; i++) {
                String pod = "pod-" + (i % 37);
                producer.send(new ProducerRecord<>("eos.in", pod, new EnergySample(pod, "package", "node-1",
                        Instant.ofEpochSecond(1_700_000_000L + i), (double) i, "bench")));
            }
        }

        double rate = new EosPipe(kafka.bootstrapServers(), Map.of(), "eos.in", "eos.out", "it", 2, Duration.ofMillis(100),
                serde::deserializer).run(1_000, SAMPLES);

        assertThat(rate).isPositive();
        List<ConsumerRecord<byte[], byte[]>> in = kafka.readToEnd("eos.in", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<ConsumerRecord<byte[], byte[]>> out = kafka.consumeUntil("eos.out", new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), SAMPLES, Duration.ofSeconds(30));
        assertThat(out).hasSize(SAMPLES);
        // Same records, same sizes: compare the values as strings of bytes, as multisets.
        assertThat(values(out)).isEqualTo(values(in));
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets("bench-eos-pipe-it")
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> ends = kafka.endOffsets("eos.in");
        assertThat(committed.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())))
                .isEqualTo(ends);
        // Nothing but committed output: a read_committed reader sees exactly the piped records.
        try (var reader = kafka.consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> parts = List.copyOf(kafka.endOffsets("eos.out").keySet());
            reader.assign(parts);
            reader.seekToBeginning(parts);
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen < SAMPLES && System.nanoTime() < deadline) {
                seen += reader.poll(Duration.ofMillis(200)).count();
            }
            seen += reader.poll(Duration.ofMillis(500)).count();
            assertThat(seen).isEqualTo(SAMPLES);
        }
    }

    private static Map<String, Long> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().collect(Collectors.groupingBy(r -> java.util.HexFormat.of().formatHex(r.value()),
                Collectors.counting()));
    }
}
