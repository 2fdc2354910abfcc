package dev.carbonledger.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.domain.intensity.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counterfactual "started at submission" on examples worked out by hand. */
class ReportCounterfactualTest {
    private static final Instant T9 = Instant.parse("2024-03-01T09:00:00Z");
    private static final double EPSILON = 1e-9;

    private static long at(String hhmm) {
        return Instant.parse("2024-03-01T" + hhmm + ":00Z").toEpochMilli();
    }

    private static IntensityHistory deTwoSteps() {
        // DE: 400 g/kWh from 09:00, 200 g/kWh from 10:00; default 475 before 09:00 and in every other zone
        IntensityHistory history = new IntensityHistory(AccountingSignal.DEFAULT, 475);
        history.add("DE", T9.toEpochMilli(), 400, Signal.AVERAGE);
        history.add("DE", at("10:00"), 200, Signal.AVERAGE);
        return history;
    }

    @Test
    void shouldPriceAPieceMovedAcrossAnIntensityChangeInTwoParts() {
        // Given a job submitted at 09:30 that ran 11:00-12:00 in DE at PUE 1.5, as two pieces
        JobPiece first = new JobPiece(at("11:00"), at("11:40"), 3.6e6, 999, 1.5, "DE");
        JobPiece second = new JobPiece(at("11:40"), at("12:00"), 1.8e6, 999, 1.5, "DE");
        long shift = Duration.ofMinutes(90).toMillis();

        // When both are moved back by the 90 minutes it waited
        double grams = Counterfactual.grams(List.of(first, second), shift, deTwoSteps());

        // Then the first, moved to (09:30, 10:10], is cut at 10:00:
        //   30/40 of 3.6 MJ = 2.7 MJ = 0.75 kWh x 1.5 x 400 = 450 g, and 0.9 MJ = 0.25 kWh x 1.5 x 200 = 75 g;
        // the second, moved to (10:10, 10:30], is 1.8 MJ = 0.5 kWh x 1.5 x 200 = 150 g
        assertThat(Counterfactual.grams(first, shift, deTwoSteps().timeline("DE"))).isCloseTo(525, within(EPSILON));
        assertThat(grams).isCloseTo(450 + 75 + 150, within(EPSILON));
    }

    @Test
    void shouldUseTheDefaultBeforeTheFirstRecordAndInAZoneWithoutRecords() {
        // moved to (08:40, 09:10] in DE: 20 min at the default 475, 10 min at 400; 0.3 kWh, PUE 1
        JobPiece de = new JobPiece(at("10:40"), at("11:10"), 1.08e6, 0, 1.0, "DE");
        // a zone without any record: the default all along
        JobPiece fr = new JobPiece(at("10:30"), at("10:40"), 0.36e6, 0, 2.0, "FR");
        long shift = Duration.ofMinutes(120).toMillis();

        assertThat(Counterfactual.grams(List.of(de), shift, deTwoSteps()))
                .isCloseTo(0.2 * 475 + 0.1 * 400, within(EPSILON));
        assertThat(Counterfactual.grams(List.of(fr), shift, deTwoSteps())).isCloseTo(0.1 * 2.0 * 475, within(EPSILON));
    }

    @Test
    void shouldRepriceAtTheActualTimeWhenTheJobDidNotWait() {
        JobPiece piece = new JobPiece(at("09:30"), at("10:30"), 3.6e6, 0, 1.0, "DE");

        assertThat(Counterfactual.grams(List.of(piece), 0, deTwoSteps())).isCloseTo(0.5 * 400 + 0.5 * 200, within(EPSILON));
    }

    @Test
    void shouldLeaveOutTheOtherSignalAndLetTheLastArrivalWin() {
        IntensityHistory history = new IntensityHistory(AccountingSignal.DEFAULT, 475);
        history.add("DE", T9.toEpochMilli(), 500, Signal.AVERAGE);  // a forecast ...
        history.add("DE", T9.toEpochMilli(), 300, Signal.AVERAGE);  // ... superseded by the actual
        history.add("DE", T9.toEpochMilli(), 50, Signal.MARGINAL);  // never used for accounting
        history.add("DE", at("09:30"), 900, Signal.MARGINAL);

        JobPiece piece = new JobPiece(at("09:00"), at("10:00"), 3.6e6, 0, 1.0, "DE");

        assertThat(Counterfactual.grams(List.of(piece), 0, history)).isCloseTo(300, within(EPSILON));
        assertThat(history.used()).isEqualTo(2);
        assertThat(history.ignored()).isEqualTo(2);
    }

    @Test
    void shouldAddTheMeanPowerOfOverlappingPiecesAndKeepTheEnergyWhenResampling() {
        // 3600 J over 10:00-10:01 (60 W) and 1200 J over 10:00:30-10:01:30 (20 W)
        JobPiece a = new JobPiece(at("10:00"), at("10:01"), 3600, 0, 1, "DE");
        JobPiece b = new JobPiece(at("10:00") + 30_000, at("10:01") + 30_000, 1200, 0, 1, "DE");

        StepSeries power = PowerProfile.watts(List.of(a, b));

        assertThat(power.times()).containsExactly(at("10:00"), at("10:00") + 30_000, at("10:01"), at("10:01") + 30_000);
        assertThat(power.values()).containsExactly(60, 80, 20);
        StepSeries coarse = power.resampled(2);
        assertThat(coarse.steps()).isEqualTo(2);
        double joules = 0;
        for (int i = 0; i < coarse.steps(); i++) {
            joules += coarse.value(i) * (coarse.time(i + 1) - coarse.time(i)) / 1000.0;
        }
        assertThat(joules).isCloseTo(4800, within(1e-6));
    }
}
