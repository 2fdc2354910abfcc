package dev.carbonledger.launcher.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.SciWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {
    private static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");
    private static final CompareRange RANGE = new CompareRange(T0, T0.plusSeconds(180));

    private static Instant min(int m) {
        return T0.plusSeconds(60L * m);
    }

    private static EmissionsWindow window(String model, int minute, double joules, double grams) {
        return new EmissionsWindow("model", model, min(minute), min(minute + 1), joules, grams, 1L, false);
    }

    private static SciWindow sci(String model, String unit, int minute, double op, double m, double r) {
        return new SciWindow(model, unit, min(minute), min(minute + 1), 0.0, op, m, r, r > 0 ? (op + m) / r : null, false);
    }

    private static String key(String model, int minute) {
        return model + "@" + min(minute).toEpochMilli();
    }

    private static void add(ModelComparison c, String model, int minute, double joules, double grams) {
        c.window(key(model, minute), window(model, minute, joules, grams));
    }

    @Test
    void shouldSumTheLatestValueOfEachWindowFullyInsideTheRangePlusLatePieces() {
        ModelComparison c = new ModelComparison(RANGE, List.of("big", "small"));
        add(c, "big", 0, 100, 1);           // running value, superseded below
        add(c, "big", 0, 7.2e6, 950);
        add(c, "big", 1, 3.6e6, 475);
        add(c, "big", -1, 1e9, 1e6);        // before the range
        add(c, "big", 3, 1e9, 1e6);         // ends after the range
        add(c, "other", 0, 1e9, 1e6);       // not compared
        c.window("odd", new EmissionsWindow("model", "big", min(2), min(2).plusSeconds(3600), 1e9, 1e6, 1L, false));
        c.late(new LateEmission("t", "big", min(1), min(2), 0.36e6, 50.0, min(5)));
        c.late(new LateEmission("t", "big", min(1), min(2), 0.36e6, 50.0, min(6)));   // a second late piece: added too
        c.late(new LateEmission("t", "big", min(4), min(5), 1e9, 1e6, min(6)));       // outside

        ModelTotals big = c.totals(List.of("big", "small")).get("big");

        assertThat(big.windows()).isEqualTo(2);
        assertThat(big.energyJoules()).isCloseTo(7.2e6 + 3.6e6 + 0.72e6, within(1e-6));
        assertThat(big.energyKwh()).isCloseTo(3.2, within(1e-12));
        assertThat(big.emissionsGrams()).isCloseTo(950 + 475 + 100, within(1e-9));
        assertThat(c.totals(List.of("small")).get("small")).isEqualTo(ModelTotals.empty("small"));
    }

    @Test
    void shouldComputeSciAsTheSumOfPartsNotTheMeanOfRatios() {
        ModelComparison c = new ModelComparison(RANGE, List.of("big"));
        c.sci("big/request@0", sci("big", "request", 0, 950, 10, 1000));
        c.sci("big/request@1", sci("big", "request", 1, 475, 10, 100));    // superseded below
        c.sci("big/request@1", sci("big", "request", 1, 475, 10, 500));
        c.sci("big/request@2", sci("big", "request", 2, 400, 10, 0));      // no request: energy still counts
        c.sci("big/token@0", sci("big", "token", 0, 950, 10, 100_000));
        c.sci("big/request@5", sci("big", "request", 5, 1e6, 1e6, 1));     // outside

        ModelTotals big = c.totals(List.of("big")).get("big");

        ModelTotals.UnitTotals request = big.units().get("request");
        assertThat(request.functionalUnits()).isEqualTo(1500);
        assertThat(request.sciGramsPerUnit()).isCloseTo((950 + 475 + 400 + 30) / 1500.0, within(1e-12));
        // the mean of the windows' ratios would be (0.96 + 0.97) / 2 = 0.965
        assertThat(request.sciGramsPerUnit()).isNotCloseTo(0.965, within(1e-3));
        assertThat(big.units().get("token").sciGramsPerUnit()).isCloseTo(960 / 100_000.0, within(1e-15));
        assertThat(big.embodiedGrams()).as("M once per window, whatever the unit").isEqualTo(30.0);
        assertThat(big.units()).containsOnlyKeys("request", "token");
    }

    @Test
    void shouldGiveNoSciWhenNoUnitWasCounted() {
        assertThat(new ModelTotals.UnitTotals("request", 1, 10, 1, 0).sciGramsPerUnit()).isNull();
    }

    @Test
    void shouldKnowModelsFromWindowKeysInTheRangeWithoutDecodingThem() {
        ModelComparison c = new ModelComparison(RANGE, List.of("big"));

        assertThat(c.wantsWindowKey(key("big", 0))).isTrue();
        assertThat(c.wantsWindowKey(key("distil", 1))).isFalse();
        assertThat(c.wantsWindowKey(key("old", -5))).isFalse();
        assertThat(c.wantsWindowKey(key("later", 10))).isFalse();
        assertThat(c.wantsWindowKey("garbage")).isFalse();
        assertThat(c.wantsWindowKey("x@notanumber")).isFalse();
        assertThat(c.knownModels()).containsExactly("big", "distil");
        assertThat(c.wantsSciKey("big/request@1")).isTrue();
        assertThat(c.wantsSciKey("distil/request@1")).isFalse();
    }
}
