package dev.carbonledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One serde instance shared by several threads, as Kafka Streams threads share it. */
class ConcurrentSerdeTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void shouldRoundTripEveryRecordWhenSharedBetweenThreads() throws Exception {
        ConfluentAvroSerde<EnergySample> serde = ConfluentAvroSerde.forValues(new InMemorySchemaRegistryClient(), EnergySample.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int matched = 0;
                    for (int i = 0; i < 5_000; i++) {
                        // vary the size so per-thread buffers are reused with stale longer content behind
                        EnergySample sample = EnergySample.newBuilder().setPodUid("pod-" + thread + "-" + "x".repeat(i % 40))
                                .setComponent("package").setNode("node-" + thread).setTimestamp(T0.plusMillis(i))
                                .setEnergyJoules(i * 0.5).build();
                        String topic = "topic-" + (i % 3);
                        if (serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, sample)).equals(sample)) {
                            matched++;
                        }
                    }
                    return matched;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(5_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
