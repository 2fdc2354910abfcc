package dev.carbonledger.collectors.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.LedgerEnergy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SampleBufferTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Property(tries = 300)
    void shouldConserveTheLedgerEnergyOfEverySeriesWhateverItMerges(@ForAll("steps") List<List<Double>> steps,
            @ForAll @IntRange(min = 1, max = 40) int capacity) {
        // Given a delivered first reading for half of the series, then readings buffered while Kafka is down
        SampleBuffer buffer = new SampleBuffer(capacity);
        List<EnergySample> everything = new ArrayList<>();
        List<EnergySample> delivered = new ArrayList<>();
        for (int pod = 0; pod < steps.size(); pod++) {
            EnergySample first = sample("pod-" + pod, 0, 1000);
            everything.add(first);
            if (pod % 2 == 0) {
                buffer.delivered(first);
                delivered.add(first);
            } else {
                // a series the broker has never seen: its first reading is the pipeline's baseline
                buffer.add(first);
            }
        }
        for (int t = 1; t <= 30; t++) {
            for (int pod = 0; pod < steps.size(); pod++) {
                List<Double> series = steps.get(pod);
                double value = series.get((t - 1) % series.size()) * t;
                EnergySample s = sample("pod-" + pod, t, value);
                everything.add(s);
                buffer.add(s);
            }
        }
        // When the buffer is sent after the delivered readings
        delivered.addAll(buffer.drain());
        // Then: no energy lost or added when nothing had to be dropped
        if (buffer.dropped() == 0) {
            assertThat(LedgerEnergy.total(delivered)).isCloseTo(LedgerEnergy.total(everything), within(1e-6));
        }
        assertThat(delivered.size()).isLessThanOrEqualTo(everything.size());
    }

    @Provide
    Arbitrary<List<List<Double>>> steps() {
        // Per series a cycle of factors: rising runs, with drops (resets) where a factor falls
        return Arbitraries.doubles().between(0, 100).list().ofMinSize(1).ofMaxSize(5).list().ofMinSize(1).ofMaxSize(6);
    }

    @Test
    void shouldMergeARisingRunIntoItsLatestReadingWhenFull() {
        SampleBuffer buffer = new SampleBuffer(3);
        buffer.delivered(sample("a", 0, 50));
        for (int t = 1; t <= 4; t++) {
            buffer.add(sample("a", t, 100.0 * t));
        }
        assertThat(buffer.drain()).extracting(EnergySample::getEnergyJoules).containsExactly(400.0);
        assertThat(buffer.merged()).isEqualTo(3);
        assertThat(buffer.dropped()).isZero();
    }

    @Test
    void shouldKeepTheBaselineOfASeriesTheBrokerHasNeverSeen() {
        SampleBuffer buffer = new SampleBuffer(2);
        for (int t = 1; t <= 4; t++) {
            buffer.add(sample("new-pod", t, 100.0 * t));
        }
        assertThat(buffer.drain()).extracting(EnergySample::getEnergyJoules).containsExactly(100.0, 400.0);
        assertThat(buffer.dropped()).isZero();
    }

    @Test
    void shouldKeepTheReadingsOnBothSidesOfEveryReset() {
        SampleBuffer buffer = new SampleBuffer(4);
        buffer.delivered(sample("a", 0, 500));
        buffer.add(sample("a", 1, 20));   // reset since the delivered 500
        buffer.add(sample("a", 2, 40));
        buffer.add(sample("a", 3, 600));  // would look like +100 from 500 without the reading after the reset
        buffer.add(sample("a", 4, 5));    // reset
        buffer.add(sample("a", 5, 15));

        List<EnergySample> kept = buffer.drain();

        assertThat(kept).extracting(EnergySample::getEnergyJoules).containsExactly(20.0, 600.0, 5.0, 15.0);
        List<EnergySample> withDelivered = new ArrayList<>(List.of(sample("a", 0, 500)));
        withDelivered.addAll(kept);
        assertThat(LedgerEnergy.total(withDelivered)).isEqualTo(20 + 580 + 5 + 10);
        assertThat(buffer.merged()).isEqualTo(1);
    }

    @Test
    void shouldPlaceALateRetryInTimeOrderAndIgnoreAReadingAlreadyBuffered() {
        SampleBuffer buffer = new SampleBuffer(10);
        buffer.add(sample("a", 2, 20));
        buffer.add(sample("a", 1, 10));
        buffer.add(sample("a", 2, 20));
        assertThat(buffer.drain()).extracting(EnergySample::getEnergyJoules).containsExactly(10.0, 20.0);
    }

    private static EnergySample sample(String pod, int seconds, double joules) {
        return EnergySample.newBuilder().setPodUid(pod).setComponent("package").setNode("n1")
                .setTimestamp(T0.plusSeconds(seconds)).setEnergyJoules(joules).setSource("test").build();
    }
}
