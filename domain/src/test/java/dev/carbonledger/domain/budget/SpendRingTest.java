package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpendRingTest {
    @Test
    void shouldSumTrailingBucketsUpToNow() {
        SpendRing ring = new SpendRing(60_000, 5);
        ring.add(0, 1);
        ring.add(59_999, 2);
        ring.add(60_000, 4);
        ring.add(180_000, 8);
        assertThat(ring.sum(180_000, 60_000)).isEqualTo(8);
        assertThat(ring.sum(180_000, 120_000)).isEqualTo(8);
        assertThat(ring.sum(180_000, 240_000)).isEqualTo(15);
        assertThat(ring.sum(120_000, 120_000)).as("buckets after now are not counted").isEqualTo(4);
    }

    @Test
    void shouldForgetWhatFallsOutOfTheRing() {
        SpendRing ring = new SpendRing(60_000, 3);
        ring.add(0, 1);
        ring.add(60_000, 2);
        ring.add(240_000, 4);
        assertThat(ring.sum(240_000, 10 * 60_000)).as("the first two buckets were overwritten").isEqualTo(4);
        ring.add(60_000, 100);
        assertThat(ring.sum(240_000, 10 * 60_000)).as("spend older than the ring is ignored").isEqualTo(4);
        ring.advanceTo(10 * 60_000);
        assertThat(ring.sum(10 * 60_000, 3 * 60_000)).isZero();
    }

    @Test
    void shouldRoundTripThroughItsParts() {
        SpendRing ring = new SpendRing(300_000, 4);
        ring.add(1_000_000, 2.5);
        ring.add(1_400_000, 0.25);
        SpendRing copy = SpendRing.of(ring.bucketMillis(), ring.headBucket(), ring.values());
        assertThat(copy.sum(1_400_000, 1_200_000)).isCloseTo(2.75, within(1e-6));
    }
}
