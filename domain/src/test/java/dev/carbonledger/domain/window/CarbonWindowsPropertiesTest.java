package dev.carbonledger.domain.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsCoverage;

/**
 * The window search against a brute-force reference on random forecasts: every candidate start on the grid
 * {@code dataStartAt + k * tick}, each average integrated from scratch over all points, the minimum taken by scanning.
 */
class CarbonWindowsPropertiesTest {
    private static final long MIN = 60_000;

    record Case(List<ForecastPoint> points, long start, long end, long window) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 40);
        Arbitrary<Integer> stepMinutes = Arbitraries.of(5, 15, 30, 60);
        return Combinators.combine(count, stepMinutes, Arbitraries.longs().between(0, 10_000), Arbitraries.integers().between(0, 3))
                .flatAs((n, step, seed, gaps) -> Arbitraries.doubles().between(0, 900).ofScale(1).list().ofSize(n)
                        .flatMap(values -> {
                            List<ForecastPoint> points = new ArrayList<>();
                            long t = 1_700_000_000_000L + seed * MIN;
                            for (int i = 0; i < values.size(); i++) {
                                if (gaps > 0 && i % 7 == 6) {
                                    t += step * MIN; // a hole now and then
                                }
                                points.add(new ForecastPoint(t, step * MIN, values.get(i)));
                                t += step * MIN;
                            }
                            long first = points.get(0).startMillis();
                            long last = points.get(points.size() - 1).endMillis();
                            long span = last - first;
                            // Mostly ranges that hold several windows, sometimes tiny or misplaced ones.
                            return Combinators.combine(Arbitraries.longs().between(0, span / 3),
                                            Arbitraries.longs().between(0, span / 4),
                                            Arbitraries.of(0L, step * MIN, 2L * step * MIN, 45 * MIN, 60 * MIN, 240 * MIN))
                                    .as((lead, trail, w) -> new Case(points, first + lead, last - trail, w));
                        }));
    }

    @Property(tries = 500)
    void shouldMatchTheBruteForceReference(@ForAll("cases") Case c) {
        List<WindowAverage> fast = CarbonWindows.rollingAverages(c.points(), c.start(), c.end(), c.window());
        List<WindowAverage> slow = bruteForce(c.points(), c.start(), c.end(), c.window());
        assertThat(fast).isEqualTo(slow);
        Statistics.label("windows").collect(fast.size() > 1 ? "several" : fast.size() == 1 ? "one" : "none");
        Statistics.label("windows").coverage(this::enoughWithSeveral);
        List<WindowAverage> optimal = CarbonWindows.optimal(fast);
        Optional<WindowAverage> min = slow.stream().min((a, b) -> Double.compare(a.value(), b.value()));
        assertThat(optimal.isEmpty()).isEqualTo(min.isEmpty());
        min.ifPresent(m -> {
            assertThat(optimal).allSatisfy(o -> assertThat(o.value()).isEqualTo(m.value()));
            assertThat(optimal.get(0).startMillis()).isEqualTo(slow.stream()
                    .filter(w -> w.value() == m.value()).findFirst().orElseThrow().startMillis());
        });
    }

    private void enoughWithSeveral(StatisticsCoverage coverage) {
        coverage.check("several").percentage(p -> p > 25);
    }

    private static List<WindowAverage> bruteForce(List<ForecastPoint> points, long start, long end, long window) {
        List<ForecastPoint> in = new ArrayList<>();
        for (ForecastPoint p : points) {
            if (p.startMillis() + p.durationMillis() >= start && p.startMillis() <= end) {
                in.add(p);
            }
        }
        List<WindowAverage> out = new ArrayList<>();
        if (in.isEmpty()) {
            return out;
        }
        if (window == 0) {
            in.forEach(p -> out.add(new WindowAverage(p.startMillis(), p.durationMillis(), p.value())));
            return out;
        }
        long tick = in.get(0).durationMillis();
        for (long s = start; s + window <= end; s += tick) {
            double sum = 0;
            long covered = 0;
            for (ForecastPoint p : in) {
                long lo = Math.max(s, p.startMillis());
                long hi = Math.min(s + window, p.startMillis() + p.durationMillis());
                if (hi > lo) {
                    sum += p.value() * (hi - lo);
                    covered += hi - lo;
                }
            }
            if (covered == window) {
                out.add(new WindowAverage(s, window, sum / window));
            }
        }
        return out;
    }
}
