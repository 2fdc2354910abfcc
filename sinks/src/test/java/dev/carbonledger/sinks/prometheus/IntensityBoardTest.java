package dev.carbonledger.sinks.prometheus;

import static dev.carbonledger.sinks.testing.Records.T0;
import static dev.carbonledger.sinks.testing.Records.intensity;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntensityBoardTest {
    private final IntensityBoard board = new IntensityBoard();
    private final long now = T0.toEpochMilli();

    @Test
    void shouldExposeTheValueWithTheGreatestFromNotAfterNow() {
        board.accept(intensity("DE", T0.minusSeconds(7200), 300, false), now);
        board.accept(intensity("DE", T0.minusSeconds(3600), 320, false), now);
        board.accept(intensity("DE", T0.plusSeconds(3600), 100, true), now);

        assertThat(board.inEffect(now)).singleElement()
                .satisfies(e -> {
                    assertThat(e.gCo2ePerKwh()).isEqualTo(320);
                    assertThat(e.signal()).isEqualTo("average");
                    assertThat(e.provider()).isEqualTo("file");
                });
        assertThat(board.valueAt("DE", "average", T0.plusSeconds(3600).toEpochMilli())).contains(100.0);
    }

    @Test
    void shouldLetTheLastArrivedRecordWinForTheSameZoneAndFrom() {
        board.accept(intensity("DE", T0.minusSeconds(60), 250, true), now);
        board.accept(intensity("DE", T0.minusSeconds(60), 275, false), now);

        assertThat(board.valueAt("DE", "average", now)).contains(275.0);
    }

    @Test
    void shouldTrackTheNewestActualButNotForecastsOrFutureValues() {
        board.accept(intensity("FR", T0.minusSeconds(1800), 50, false), now);
        board.accept(intensity("FR", T0.minusSeconds(600), 55, true), now);
        board.accept(intensity("FR", T0.plusSeconds(600), 60, false), now);

        assertThat(board.newestActualFrom()).containsEntry("FR", T0.minusSeconds(1800).toEpochMilli());
    }

    @Test
    void shouldHaveNoValueInEffectBeforeTheFirstFrom() {
        board.accept(intensity("PL", T0.plusSeconds(60), 700, true), now);

        assertThat(board.inEffect(now)).isEmpty();
    }

    @Test
    void shouldKeepEachSignalOnItsOwnStepFunction() {
        board.accept(intensity("DE", T0.minusSeconds(600), 300, false), now);
        board.accept(new dev.carbonledger.avro.IntensityRecord("DE", T0.minusSeconds(60), null, 900.0,
                dev.carbonledger.avro.IntensitySignal.MARGINAL, "watttime", false, false), now);

        assertThat(board.valueAt("DE", "average", now)).as("a later marginal record does not supersede the average")
                .contains(300.0);
        assertThat(board.valueAt("DE", "marginal", now)).contains(900.0);
        assertThat(board.inEffect(now)).extracting(IntensityBoard.InEffect::signal).containsExactlyInAnyOrder("average", "marginal");
    }
}
