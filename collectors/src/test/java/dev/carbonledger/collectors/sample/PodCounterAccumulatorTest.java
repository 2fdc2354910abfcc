package dev.carbonledger.collectors.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PodCounterAccumulatorTest {
    private static final SeriesKey POD = new SeriesKey("pod-1", "package");

    /** One raw container counter per scrape: which container (0..3), and what happened to it. */
    record Step(int container, int kind, double amount) {}

    @Provide
    Arbitrary<List<List<Step>>> scrapes() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 9),
                Arbitraries.doubles().between(0, 500)).as(Step::new);
        return step.list().ofMaxSize(4).uniqueElements(Step::container).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 300)
    void shouldNeverDropAndShouldAddExactlyTheEnergyOfEveryRawCounter(@ForAll("scrapes") List<List<Step>> scrapes) {
        PodCounterAccumulator accumulator = new PodCounterAccumulator();
        Map<Integer, Double> raw = new HashMap<>();
        double previousTotal = 0;
        for (List<Step> scrape : scrapes) {
            Map<Integer, Double> seen = new HashMap<>();
            double expectedIncrease = 0;
            for (Step s : scrape) {
                Double last = raw.get(s.container());
                double value;
                if (last == null) {
                    value = s.amount();                       // a container appears: all its energy is new
                    expectedIncrease += value;
                } else if (s.kind() == 0) {
                    value = s.amount() / 100;                 // it restarted: the counter is back near zero
                    expectedIncrease += value < last ? value : value - last;
                } else {
                    value = last + s.amount();                // it ran
                    expectedIncrease += s.amount();
                }
                seen.put(s.container(), value);
                accumulator.add(POD, "c" + s.container(), value);
            }
            raw.clear();
            raw.putAll(seen);                                 // containers not in this scrape are gone
            Map<SeriesKey, Double> totals = accumulator.finish();
            if (scrape.isEmpty()) {
                assertThat(totals).isEmpty();
                previousTotal = 0;
                continue;
            }
            double total = totals.get(POD);
            assertThat(total).isGreaterThanOrEqualTo(previousTotal);
            assertThat(total - previousTotal).isCloseTo(expectedIncrease, within(1e-6));
            previousTotal = total;
        }
    }

    @Test
    void shouldTakeAFirstDeviceReadingAsBaselineWhenCountersPredateThePod() {
        PodCounterAccumulator accumulator = new PodCounterAccumulator(false);
        accumulator.add(POD, "GPU-0", 5_000_000);
        assertThat(accumulator.finish()).containsEntry(POD, 0.0);

        accumulator.add(POD, "GPU-0", 5_000_120);
        assertThat(accumulator.finish()).containsEntry(POD, 120.0);
    }

    @Test
    void shouldIgnoreNonFiniteAndNegativeReadingsAndDuplicatesWithinAScrape() {
        PodCounterAccumulator accumulator = new PodCounterAccumulator();
        accumulator.add(POD, "a", 10);
        accumulator.add(POD, "a", 99);
        accumulator.add(POD, "b", Double.NaN);
        accumulator.add(POD, "c", -1);

        assertThat(accumulator.finish()).containsExactlyEntriesOf(Map.of(POD, 10.0));
    }
}
