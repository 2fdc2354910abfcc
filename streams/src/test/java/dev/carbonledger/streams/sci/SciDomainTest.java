package dev.carbonledger.streams.sci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SciDomainTest {
    @Test
    void shouldSpreadUnitsUniformlyAndCutAtWindowBoundaries() {
        // (30 s, 150 s] with 120 units, 60 s windows: 30 s in [0, 60), 60 s in [60, 120), 30 s in [120, 180).
        List<UnitSpreader.UnitPiece> pieces = UnitSpreader.spread(30_000, 150_000, 120, 60_000);
        assertThat(pieces).extracting(UnitSpreader.UnitPiece::windowStartMillis).containsExactly(0L, 60_000L, 120_000L);
        assertThat(pieces.get(0).units()).isCloseTo(30, within(1e-12));
        assertThat(pieces.get(1).units()).isCloseTo(60, within(1e-12));
        assertThat(pieces.get(2).units()).isCloseTo(30, within(1e-12));
    }

    @Test
    void shouldKeepWholeIntervalInOneWindowWhenItEndsOnTheBoundary() {
        assertThat(UnitSpreader.spread(0, 60_000, 7, 60_000)).containsExactly(new UnitSpreader.UnitPiece(0, 7));
        assertThatThrownBy(() -> UnitSpreader.spread(5, 5, 1, 60_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldShareEmbodiedByEnergyAndEquallyWhenNoEnergy() {
        assertThat(EmbodiedShare.nodeWindowGrams(36, 60_000)).isCloseTo(0.6, within(1e-12));
        Map<String, Double> joules = new LinkedHashMap<>();
        joules.put("a", 300.0);
        joules.put("b", 100.0);
        assertThat(EmbodiedShare.share(2.0, joules)).containsEntry("a", 1.5).containsEntry("b", 0.5);
        joules.put("a", 0.0);
        joules.put("b", 0.0);
        assertThat(EmbodiedShare.share(2.0, joules)).containsEntry("a", 1.0).containsEntry("b", 1.0);
    }

    @Test
    void shouldGiveNullSciWhenNoUnit() {
        assertThat(new SciParts(10, 4, 1, 0).gramsPerUnit()).isNull();
        assertThat(new SciParts(10, 4, 1, 10).gramsPerUnit()).isEqualTo(0.5);
    }
}
