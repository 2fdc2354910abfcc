package dev.carbonledger.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.testing.Harness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

class PreAggregateStoreTest {
    private static final String CHANGELOG = "accounting-test-pre-aggregates-store-changelog";
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldLogChangedSumsAtCommitAndTombstonesAfterTheFlush() {
        try (Harness h = new Harness(AccountingOptions.defaults())) {
            h.pod("pod-a", "ns", "team-a", "model-a");
            h.node("node-1", "zone-1", 1.0);
            TestOutputTopic<byte[], byte[]> changelog = h.driver.createOutputTopic(CHANGELOG,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());

            h.sample("pod-a", "gpu", "node-1", T0, 1_000);
            h.sample("pod-a", "gpu", "node-1", T0.plusSeconds(5), 4_600);
            h.sample("pod-a", "gpu", "node-1", T0.plusSeconds(10), 8_200);

            // The driver commits after every record: each commit logs the sum as it stands, one record per change.
            List<KeyValue<byte[], byte[]>> logged = changelog.readKeyValuesToList();
            assertThat(logged).hasSize(2);
            byte[] expectedKey = PreAggregate.key("team-a", "model-a", "ns", "zone-1", T0.toEpochMilli());
            assertThat(logged).allSatisfy(kv -> assertThat(kv.key).isEqualTo(expectedKey));
            ByteBuffer last = ByteBuffer.wrap(logged.get(1).value);
            assertThat(last.getDouble()).isEqualTo(7_200.0);
            last.getDouble();
            assertThat(last.getLong()).as("pieces").isEqualTo(2);
            assertThat(last.getLong()).as("intervals").isEqualTo(2);
            assertThat(last.getLong()).as("event time").isEqualTo(T0.plusSeconds(10).toEpochMilli());

            h.flush();
            h.driver.advanceWallClockTime(Duration.ofMillis(1));

            List<KeyValue<byte[], byte[]>> afterFlush = changelog.readKeyValuesToList();
            assertThat(afterFlush).hasSize(1);
            assertThat(afterFlush.get(0).key).isEqualTo(expectedKey);
            assertThat(afterFlush.get(0).value).as("tombstone").isNull();
            assertThat(Harness.last(h.teamWindows)).hasSize(1);
        }
    }
}
