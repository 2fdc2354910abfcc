package dev.carbonledger.streams.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterIncreaseTest {
    private static final SeriesState LATEST = new SeriesState(10_000, 500);

    @Test
    void shouldMakeFirstSampleTheBaseline() {
        assertThat(CounterIncrease.apply(null, 1_000, 42)).isEqualTo(new CounterIncrease.Baseline(new SeriesState(1_000, 42)));
    }

    @Test
    void shouldIgnoreSampleNotLaterThanLatest() {
        assertThat(CounterIncrease.apply(LATEST, 10_000, 900)).isInstanceOf(CounterIncrease.Ignored.class);
        assertThat(CounterIncrease.apply(LATEST, 9_999, 100)).isInstanceOf(CounterIncrease.Ignored.class);
    }

    @Test
    void shouldTakeDifferenceWhenCounterGrows() {
        assertThat(CounterIncrease.apply(LATEST, 15_000, 700))
                .isEqualTo(new CounterIncrease.Interval(10_000, 15_000, 200, false, new SeriesState(15_000, 700)));
    }

    @Test
    void shouldTakeNewValueWhenCounterReset() {
        assertThat(CounterIncrease.apply(LATEST, 15_000, 30))
                .isEqualTo(new CounterIncrease.Interval(10_000, 15_000, 30, true, new SeriesState(15_000, 30)));
    }

    @Test
    void shouldGiveZeroEnergyForFlatCounter() {
        assertThat(((CounterIncrease.Interval) CounterIncrease.apply(LATEST, 15_000, 500)).joules()).isZero();
    }

    @Test
    void shouldRoundTripSeriesStateEncoding() {
        SeriesState s = new SeriesState(1_777_629_640_123L, 12345.678);
        assertThat(SeriesState.decode(s.encode())).isEqualTo(s);
        assertThat(s.encode()).hasSize(SeriesState.ENCODED_SIZE);
    }
}
