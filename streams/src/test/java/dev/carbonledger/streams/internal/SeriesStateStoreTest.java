package dev.carbonledger.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.accounting.SeriesState;
import dev.carbonledger.streams.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

class SeriesStateStoreTest {
    private static final String CHANGELOG = "accounting-test-series-state-store-changelog";
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void shouldLogOneRecordPerPodHoldingEveryComponent() {
        try (Harness h = new Harness(AccountingOptions.defaults())) {
            TestOutputTopic<byte[], byte[]> changelog = changelog(h);

            h.sample("pod-a", "package", "node-1", T0, 100);
            h.sample("pod-a", "dram", "node-1", T0.plusMillis(3), 7);
            h.sample("pod-a", "package", "node-1", T0.plusSeconds(5), 160);

            // The driver commits after every record: one record per commit, keyed by pod, with all its components.
            List<KeyValue<byte[], byte[]>> logged = changelog.readKeyValuesToList();
            assertThat(logged).hasSize(3);
            assertThat(logged).allSatisfy(kv -> assertThat(new String(kv.key, StandardCharsets.UTF_8)).isEqualTo("pod-a"));
            SeriesStateStore.PodSeries last = new SeriesStateStore("s").decode("pod-a", logged.get(2).value);
            assertThat(last.size()).isEqualTo(2);
            assertThat(last.get("package")).isEqualTo(new SeriesState(T0.plusSeconds(5).toEpochMilli(), 160));
            assertThat(last.get("dram")).isEqualTo(new SeriesState(T0.plusMillis(3).toEpochMilli(), 7));
        }
    }

    @Test
    void shouldNotLogIgnoredSamples() {
        try (Harness h = new Harness(AccountingOptions.defaults())) {
            TestOutputTopic<byte[], byte[]> changelog = changelog(h);
            h.sample("pod-a", "package", "node-1", T0.plusSeconds(5), 100);
            h.sample("pod-a", "package", "node-1", T0.plusSeconds(5), 100);   // duplicate
            h.sample("pod-a", "package", "node-1", T0, 90);                   // out of order
            assertThat(changelog.readKeyValuesToList()).hasSize(1);
        }
    }

    @Test
    void shouldLogTheRemainingComponentsWhenSomeExpireAndATombstoneWhenAllDo() {
        AccountingOptions options = AccountingOptions.builder().grace(AccountingOptions.NEVER)
                .seriesIdleExpiry(Duration.ofMinutes(10)).build();
        try (Harness h = new Harness(options)) {
            TestOutputTopic<byte[], byte[]> changelog = changelog(h);
            h.sample("pod-a", "package", "n1", T0, 0);
            h.sample("pod-a", "gpu", "n1", T0.plusSeconds(3000), 0);
            h.sample("pod-b", "package", "n1", T0, 0);
            h.sample("pod-c", "package", "n1", T0.plusSeconds(3600), 10);
            changelog.readKeyValuesToList();

            h.driver.advanceWallClockTime(Duration.ofMinutes(3));   // expiry scan; the commit after it logs
            h.sample("pod-c", "package", "n1", T0.plusSeconds(3605), 20);

            List<KeyValue<byte[], byte[]>> logged = changelog.readKeyValuesToList();
            assertThat(h.metrics.get(dev.carbonledger.streams.AccountingMetrics.Counter.SERIES_EXPIRED)).isEqualTo(2);
            KeyValue<byte[], byte[]> b = find(logged, "pod-b");
            assertThat(b.value).as("tombstone of a pod whose only series expired").isNull();
            SeriesStateStore.PodSeries a = new SeriesStateStore("s").decode("pod-a", find(logged, "pod-a").value);
            assertThat(a.size()).isEqualTo(1);
            assertThat(a.get("gpu")).isNotNull();
            assertThat(a.get("package")).isNull();
        }
    }

    @Test
    void shouldRoundTripThroughTheKeyValueViewAndRejectCorruptValues() {
        SeriesStateStore store = new SeriesStateStore("s");
        store.put(null, "pod-ü", "package", 5L, 1.5);
        store.put(store.pod("pod-ü"), "pod-ü", "gpu", 6L, 2.5);
        Bytes key = Bytes.wrap("pod-ü".getBytes(StandardCharsets.UTF_8));
        byte[] encoded = store.get(key);
        assertThat(store.seriesCount()).isEqualTo(2);

        SeriesStateStore other = new SeriesStateStore("s");
        other.put(key, encoded);
        assertThat(other.pod("pod-ü").get("gpu")).isEqualTo(new SeriesState(6L, 2.5));
        assertThat(other.seriesCount()).isEqualTo(2);
        assertThat(other.delete(key)).isEqualTo(encoded);
        assertThat(other.seriesCount()).isZero();
        assertThat(other.approximateNumEntries()).isZero();

        assertThatThrownBy(() -> other.put(key, Arrays.copyOf(encoded, encoded.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pod-ü");
    }

    private static TestOutputTopic<byte[], byte[]> changelog(Harness h) {
        return h.driver.createOutputTopic(CHANGELOG, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KeyValue<byte[], byte[]> find(List<KeyValue<byte[], byte[]>> records, String pod) {
        return records.stream().filter(kv -> new String(kv.key, StandardCharsets.UTF_8).equals(pod)).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no changelog record for " + pod + " in " + records.size()));
    }
}
