package dev.carbonledger.domain.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarbonWindowsTest {
    private static final long MIN = 60_000;

    /** Points of 5 minutes each from t = 0. */
    private static List<ForecastPoint> fiveMinute(double... values) {
        List<ForecastPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new ForecastPoint(i * 5 * MIN, 5 * MIN, values[i]));
        }
        return points;
    }

    private static List<Double> values(List<WindowAverage> windows) {
        return windows.stream().map(WindowAverage::value).toList();
    }

    @Test
    void shouldReproduceTheSdkDocumentedExamples() {
        // The Carbon Aware SDK's own examples for a 10-minute job over 5-minute points.
        assertThat(values(CarbonWindows.rollingAverages(fiveMinute(10, 20, 30, 40, 5), 0, 25 * MIN, 10 * MIN)))
                .containsExactly(15.0, 25.0, 35.0, 22.5);
        assertThat(values(CarbonWindows.rollingAverages(fiveMinute(5, 55, 10, 10, 10), 0, 25 * MIN, 10 * MIN)))
                .containsExactly(30.0, 32.5, 10.0, 10.0);
        List<WindowAverage> optimal = CarbonWindows.optimal(
                CarbonWindows.rollingAverages(fiveMinute(5, 55, 10, 10, 10), 0, 25 * MIN, 10 * MIN));
        assertThat(optimal).extracting(WindowAverage::startMillis).containsExactly(10 * MIN, 15 * MIN);
    }

    @Test
    void shouldStartWindowsAtDataStartAndWeighOverlapsByTime() {
        List<WindowAverage> w = CarbonWindows.rollingAverages(fiveMinute(10, 20, 30), 2 * MIN, 15 * MIN, 5 * MIN);
        // [2, 7): 3 min of 10 and 2 of 20; [7, 12): 3 of 20 and 2 of 30; [12, 17) would end after 15.
        assertThat(w).extracting(WindowAverage::startMillis).containsExactly(2 * MIN, 7 * MIN);
        assertThat(w.get(0).value()).isCloseTo(14.0, within(1e-12));
        assertThat(w.get(1).value()).isCloseTo(24.0, within(1e-12));
    }

    @Test
    void shouldListThePointsThemselvesWithoutAWindow() {
        List<WindowAverage> w = CarbonWindows.rollingAverages(fiveMinute(10, 20, 30, 40), 6 * MIN, 10 * MIN, 0);
        assertThat(values(w)).as("the SDK filter keeps points with t + d >= start and t <= end").containsExactly(20.0, 30.0);
    }

    @Test
    void shouldSkipWindowsOverAGap() {
        List<ForecastPoint> gap = List.of(new ForecastPoint(0, 5 * MIN, 10), new ForecastPoint(10 * MIN, 5 * MIN, 1));
        assertThat(CarbonWindows.rollingAverages(gap, 0, 15 * MIN, 10 * MIN)).isEmpty();
        assertThat(CarbonWindows.averageOver(gap, 0, 5 * MIN)).hasValue(10.0);
        assertThat(CarbonWindows.averageOver(gap, 0, 6 * MIN)).isEmpty();
    }

    @Test
    void shouldPickTheEarliestBestStartInRange() {
        List<ForecastPoint> points = fiveMinute(50, 40, 10, 10, 10, 60);
        assertThat(CarbonWindows.best(points, 0, 15 * MIN, 10 * MIN)).hasValueSatisfying(w -> {
            assertThat(w.startMillis()).isEqualTo(10 * MIN);
            assertThat(w.value()).isEqualTo(10.0);
        });
        assertThat(CarbonWindows.best(points, 0, 5 * MIN, 10 * MIN)).hasValueSatisfying(w ->
                assertThat(w.startMillis()).as("a start after 5 min is not allowed").isEqualTo(5 * MIN));
        assertThat(CarbonWindows.best(points, 0, 40 * MIN, 10 * MIN)).as("windows past the forecast are not judged")
                .hasValueSatisfying(w -> assertThat(w.startMillis()).isEqualTo(10 * MIN));
        assertThat(CarbonWindows.best(points, 30 * MIN, 30 * MIN, 10 * MIN)).isEmpty();
    }

    @Test
    void shouldNormalizeUnsortedAndRepeatedPoints() {
        List<ForecastPoint> n = CarbonWindows.normalized(List.of(new ForecastPoint(5 * MIN, 5 * MIN, 2),
                new ForecastPoint(0, 10 * MIN, 1), new ForecastPoint(5 * MIN, 5 * MIN, 3)));
        assertThat(n).containsExactly(new ForecastPoint(0, 5 * MIN, 1), new ForecastPoint(5 * MIN, 5 * MIN, 3));
    }

    @Test
    void shouldRefuseAbsurdSearches() {
        List<ForecastPoint> fine = List.of(new ForecastPoint(0, 1, 1), new ForecastPoint(1, 1_000_000, 1));
        assertThatThrownBy(() -> CarbonWindows.rollingAverages(fine, 0, 1_000_001, 10))
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> new ForecastPoint(0, 0, 1)).hasMessageContaining("positive duration");
    }
}
