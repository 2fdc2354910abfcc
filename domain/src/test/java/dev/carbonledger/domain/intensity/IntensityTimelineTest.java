package dev.carbonledger.domain.intensity;

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
    void shouldSeeWritesMadeAfterAnEarlierRead() {
        IntensityTimeline t = new IntensityTimeline(475);
        t.put(1_000, 10);
        assertThat(t.at(2_000).gCo2ePerKwh()).isEqualTo(10);
        assertThat(t.nextChangeAfter(1_000)).isEqualTo(Long.MAX_VALUE);
        t.put(1_500, 20);
        t.put(1_000, 11);
        assertThat(t.at(2_000)).isEqualTo(new IntensityStep(20, 1_500L));
        assertThat(t.at(1_499)).isEqualTo(new IntensityStep(11, 1_000L));
        assertThat(t.nextChangeAfter(1_000)).isEqualTo(1_500);
        assertThat(t.nextChangeAfter(999)).isEqualTo(1_000);
    }

    @Test
    void shouldGiveConsistentStepsToReadersWhileTheWriterAdds() throws Exception {
        IntensityTimeline t = new IntensityTimeline(475);
        int steps = 20_000;
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < steps; i++) {
                t.put(i * 10L, i);   // value = index of the step
            }
        });
        Thread reader = new Thread(() -> {
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            while (writer.isAlive()) {
                long at = random.nextLong(steps * 10L);
                IntensityStep step = t.at(at);
                long next = t.nextChangeAfter(at);
                boolean ok = step.fromMillis() == null ? next > at
                        : step.fromMillis() <= at && step.gCo2ePerKwh() == step.fromMillis() / 10 && next > at;
                if (!ok) {
                    failure.compareAndSet(null, "at " + at + ": " + step + ", next change " + next);
                }
            }
        });
        writer.start();
        reader.start();
        writer.join();
        reader.join();
        assertThat(failure.get()).isNull();
        for (int i = 0; i < steps; i += 997) {
            assertThat(t.at(i * 10L + 5)).isEqualTo(new IntensityStep(i, i * 10L));
            assertThat(t.nextChangeAfter(i * 10L + 5)).isEqualTo(i == steps - 1 ? Long.MAX_VALUE : (i + 1) * 10L);
        }
    }

    @Test
    void shouldPruneOnlyStepsNoLaterTimeCanUse() {
        IntensityTimeline t = new IntensityTimeline(475);
        t.put(1_000, 10);
        t.put(2_000, 20);
        t.put(3_000, 30);
        t.pruneBefore(2_500);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.at(2_500)).isEqualTo(new IntensityStep(20, 2_000L));
        assertThat(t.at(3_000)).isEqualTo(new IntensityStep(30, 3_000L));
    }

    @Test
    void shouldLetOnlyTheAccountingSignalIntoTheLedger() {
        assertThat(AccountingSignal.DEFAULT.entersLedger(Signal.AVERAGE)).isTrue();
        assertThat(AccountingSignal.DEFAULT.entersLedger(Signal.MARGINAL)).isFalse();
        assertThat(AccountingSignal.parse("Marginal").entersLedger(Signal.MARGINAL)).isTrue();
        assertThat(AccountingSignal.DEFAULT).hasToString("average");
    }
}
