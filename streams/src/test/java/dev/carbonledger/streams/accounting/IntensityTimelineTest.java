package dev.carbonledger.streams.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntensityTimelineTest {
    @Test
    void shouldUseDefaultBeforeFirstRecord() {
        IntensityTimeline t = new IntensityTimeline(475);
        t.put(1_000, 10);
        assertThat(t.at(999)).isEqualTo(new IntensityStep(475, null));
    }

    @Test
    void shouldKeepPreviousValueThroughGaps() {
        IntensityTimeline t = new IntensityTimeline(475);
        t.put(1_000, 10);
        t.put(5_000, 20);
        assertThat(t.at(1_000).gCo2ePerKwh()).isEqualTo(10);
        assertThat(t.at(4_999).gCo2ePerKwh()).isEqualTo(10);
        assertThat(t.at(1_000_000).gCo2ePerKwh()).isEqualTo(20);
        assertThat(t.nextChangeAfter(1_000)).isEqualTo(5_000);
        assertThat(t.nextChangeAfter(5_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldLetLastArrivalWinForSameFrom() {
        IntensityTimeline t = new IntensityTimeline(475);
        t.put(1_000, 999);   // forecast
        t.put(1_000, 300);   // actual
        assertThat(t.at(2_000)).isEqualTo(new IntensityStep(300, 1_000L));
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void shouldComputeEmissionsWithPue() {
        assertThat(Emissions.grams(3.6e6, 1.5, 400)).isEqualTo(600.0);
    }
}
