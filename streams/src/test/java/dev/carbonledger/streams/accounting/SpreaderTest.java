package dev.carbonledger.streams.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.domain.intensity.IntensityTimeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreaderTest {
    private static final long W = 60_000;

    @Test
    void shouldKeepIntervalInsideOneWindowWhole() {
        List<Piece> pieces = Spreader.spread(60_000, 65_000, 100, 1.0, W, new IntensityTimeline(475));
        assertThat(pieces).containsExactly(new Piece(60_000, 65_000, 60_000, 100, 475, null, 100 / 3.6e6 * 475));
    }

    @Test
    void shouldCutAtWindowBoundariesProportionally() {
        List<Piece> pieces = Spreader.spread(50_000, 130_000, 80, 1.0, W, new IntensityTimeline(475));
        assertThat(pieces).extracting(Piece::windowStartMillis).containsExactly(0L, 60_000L, 120_000L);
        assertThat(pieces).extracting(Piece::energyJoules).containsExactly(10.0, 60.0, 10.0);
    }

    @Test
    void shouldEndPieceExactlyOnBoundaryInTheEarlierWindow() {
        List<Piece> pieces = Spreader.spread(30_000, 60_000, 10, 1.0, W, new IntensityTimeline(475));
        assertThat(pieces).singleElement().satisfies(p -> assertThat(p.windowStartMillis()).isZero());
    }

    @Test
    void shouldCutAtIntensityChangesAndUseValueInEffectAtPieceStart() {
        IntensityTimeline timeline = new IntensityTimeline(475);
        timeline.put(10_000, 100);
        timeline.put(20_000, 300);
        List<Piece> pieces = Spreader.spread(5_000, 25_000, 4 * 3.6e6, 2.0, W, timeline);
        assertThat(pieces).extracting(Piece::gCo2ePerKwh).containsExactly(475.0, 100.0, 300.0);
        assertThat(pieces).extracting(Piece::intensityFromMillis).containsExactly(null, 10_000L, 20_000L);
        assertThat(pieces.stream().mapToDouble(Piece::co2eGrams).sum())
                .isCloseTo(2.0 * (1 * 475 + 2 * 100 + 1 * 300), within(1e-9));
    }

    @Test
    void shouldApplyRecordWithFromEqualToIntervalStart() {
        IntensityTimeline timeline = new IntensityTimeline(475);
        timeline.put(5_000, 42);
        assertThat(Spreader.spread(5_000, 6_000, 1, 1, W, timeline)).singleElement()
                .satisfies(p -> assertThat(p.gCo2ePerKwh()).isEqualTo(42));
    }

    @Test
    void shouldRejectEmptyInterval() {
        assertThatThrownBy(() -> Spreader.spread(5, 5, 1, 1, W, new IntensityTimeline(475)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldComputeEmissionsWithPue() {
        assertThat(Emissions.grams(3.6e6, 1.5, 400)).isEqualTo(600.0);
    }
}
