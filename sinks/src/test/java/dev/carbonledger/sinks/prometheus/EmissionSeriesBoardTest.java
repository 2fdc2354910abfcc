package dev.carbonledger.sinks.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmissionSeriesBoardTest {
    private static final long T = 1_772_366_400_000L;
    private static final long HOUR = 3_600_000L;

    private static List<String> labels(String team, String zone) {
        return List.of(team, zone);
    }

    private static Map<List<String>, Double> grams(List<EmissionSeriesBoard.Series> series) {
        Map<List<String>, Double> out = new HashMap<>();
        series.forEach(s -> out.put(s.labelValues(), s.grams()));
        return out;
    }

    @Test
    void shouldSumCombinationsBeyondTheBoundIntoOtherAndCountThem() {
        EmissionSeriesBoard board = new EmissionSeriesBoard(2, 2, 0);

        board.accept("a|DE|x", labels("a", "DE"), 10, 100, T);
        board.accept("b|FR|x", labels("b", "FR"), 20, 200, T);
        board.accept("c|DE|x", labels("c", "DE"), 30, 300, T);
        board.accept("d|PL|x", labels("d", "PL"), 40, 400, T);
        board.accept("a|DE|y", labels("a", "DE"), 5, 50, T);

        assertThat(grams(board.series(T))).containsOnly(
                Map.entry(labels("a", "DE"), 15.0),
                Map.entry(labels("b", "FR"), 20.0),
                Map.entry(labels("other", "other"), 70.0));
        assertThat(board.overflowCombinations()).isEqualTo(2);
    }

    @Test
    void shouldKeepEveryExposedSumEqualToTheTrueTotalWhateverTheBoundAndOrder() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            int bound = 1 + random.nextInt(6);
            EmissionSeriesBoard board = new EmissionSeriesBoard(2, bound, 0);
            Map<String, double[]> truth = new HashMap<>();
            List<Double> otherValues = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String team = "t" + random.nextInt(5);
                String zone = "z" + random.nextInt(3);
                String key = team + "|" + zone + "|ns" + random.nextInt(2);
                double[] t = truth.computeIfAbsent(key, k -> new double[2]);
                t[0] += random.nextDouble() * 10;
                t[1] += random.nextDouble() * 1000;
                board.accept(key, labels(team, zone), t[0], t[1], T);

                List<EmissionSeriesBoard.Series> series = board.series(T);
                double exposedGrams = series.stream().mapToDouble(EmissionSeriesBoard.Series::grams).sum();
                double exposedJoules = series.stream().mapToDouble(EmissionSeriesBoard.Series::joules).sum();
                assertThat(exposedGrams).isCloseTo(truth.values().stream().mapToDouble(v -> v[0]).sum(), within(1e-6));
                assertThat(exposedJoules).isCloseTo(truth.values().stream().mapToDouble(v -> v[1]).sum(), within(1e-6));
                assertThat(series.stream().filter(s -> !s.labelValues().equals(labels("other", "other"))).count())
                        .isLessThanOrEqualTo(bound);
                grams(series).entrySet().stream().filter(e -> e.getKey().equals(labels("other", "other")))
                        .forEach(e -> otherValues.add(e.getValue()));
            }
            for (int i = 1; i < otherValues.size(); i++) {
                assertThat(otherValues.get(i)).as("the other series is a counter").isGreaterThanOrEqualTo(otherValues.get(i - 1));
            }
        }
    }

    @Test
    void shouldRetireASeriesNotUpdatedForTheRetirementTimeAndResumeItWithItsTotal() {
        EmissionSeriesBoard board = new EmissionSeriesBoard(2, 10, HOUR);
        board.accept("a", labels("a", "DE"), 10, 100, T);
        board.accept("b", labels("b", "FR"), 20, 200, T);

        board.accept("b", labels("b", "FR"), 25, 250, T + HOUR - 1);
        board.accept("a", labels("a", "DE"), 10, 100, T + HOUR - 1); // same value again: not an update

        assertThat(grams(board.series(T + HOUR - 1))).containsOnlyKeys(labels("a", "DE"), labels("b", "FR"));
        assertThat(grams(board.series(T + HOUR))).containsOnly(Map.entry(labels("b", "FR"), 25.0));

        board.accept("a", labels("a", "DE"), 12, 120, T + 3 * HOUR);
        assertThat(grams(board.series(T + 3 * HOUR))).containsOnly(Map.entry(labels("a", "DE"), 12.0));
    }

    @Test
    void shouldRetireOtherOnlyWhenNoneOfItsMembersChanged() {
        EmissionSeriesBoard board = new EmissionSeriesBoard(2, 1, HOUR);
        board.accept("a", labels("a", "DE"), 1, 1, T);
        board.accept("b", labels("b", "FR"), 2, 2, T);
        board.accept("c", labels("c", "PL"), 3, 3, T + HOUR / 2);

        assertThat(grams(board.series(T + HOUR))).containsOnly(Map.entry(labels("other", "other"), 5.0));
        assertThat(board.series(T + HOUR + HOUR / 2)).isEmpty();
    }

    @Test
    void shouldNeverRetireWhenTheRetirementTimeIsZero() {
        EmissionSeriesBoard board = new EmissionSeriesBoard(2, 10, 0);
        board.accept("a", labels("a", "DE"), 1, 1, T);

        assertThat(board.series(T + 1000 * HOUR)).hasSize(1);
    }

    @Test
    void shouldDropAKeysContributionOnATombstone() {
        EmissionSeriesBoard board = new EmissionSeriesBoard(2, 10, 0);
        board.accept("a", labels("a", "DE"), 1, 1, T);
        board.accept("a2", labels("a", "DE"), 2, 2, T);

        board.accept("a2", null, 0, 0, T);

        assertThat(grams(board.series(T))).containsOnly(Map.entry(labels("a", "DE"), 1.0));
    }
}
