package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The burn of random spend, in random order (late pieces included), against plain sums: the last status of every
 * period holds the period's spend; each threshold fires at most once per period, and fires exactly when the period's
 * spend reaches it; an encode/decode of the state between any two steps changes nothing.
 */
class TeamBurnPropertiesTest {
    private static final long DAY = 86_400_000L;
    private static final long START = 1_780_000_000_000L;

    record Spend(long windowStart, double grams) {}

    record Case(BudgetPeriod period, double limit, List<Double> thresholds, List<Spend> spends, int roundTripAt) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Spend> spend = Combinators.combine(Arbitraries.longs().between(0, 40L * 24 * 60),
                        Arbitraries.doubles().between(0, 50).ofScale(3))
                .as((minute, grams) -> new Spend(START + minute * 60_000, grams));
        return Combinators.combine(Arbitraries.of(BudgetPeriod.class), Arbitraries.doubles().between(1, 2_000).ofScale(1),
                        Arbitraries.of(List.of(0.5, 0.8, 1.0), List.of(0.25, 1.0, 2.0), List.of(1.0)),
                        spend.list().ofMinSize(1).ofMaxSize(200), Arbitraries.integers().between(0, 200))
                .as(Case::new);
    }

    @Property(tries = 300)
    void shouldSumEachPeriodAndCrossEachThresholdOnce(@ForAll("cases") Case c) {
        BurnSettings settings = BurnSettings.defaults(60_000);
        TeamBurn burn = new TeamBurn("t", settings);
        burn.setBudget(new BudgetSpec("t", c.period(), c.limit(), BudgetTier.HARD, c.thresholds()), TeamBurn.NONE);
        Map<Long, BurnStatus> lastStatus = new HashMap<>();
        Set<String> crossed = new HashSet<>();
        Map<Long, Double> expected = new HashMap<>();
        long now = TeamBurn.NONE;
        List<BurnEvent> all = new ArrayList<>();
        for (int i = 0; i < c.spends().size(); i++) {
            if (i == c.roundTripAt()) {
                burn = TeamBurnCodec.decode("t", TeamBurnCodec.encode(burn), settings);
            }
            Spend s = c.spends().get(i);
            now = Math.max(now, s.windowStart() + 30_000);
            expected.merge(c.period().start(s.windowStart()), s.grams(), Double::sum);
            all.addAll(burn.addSpend(s.windowStart(), s.grams(), 0, now));
        }
        for (BurnEvent e : all) {
            if (e instanceof BurnEvent.Status st) {
                lastStatus.put(st.status().periodStart(), st.status());
            } else if (e instanceof BurnEvent.ThresholdCrossed x) {
                assertThat(crossed.add(x.status().periodStart() + "@" + x.threshold())).as("crossed once: %s", x).isTrue();
            }
        }
        Statistics.label("crossings").collect(crossed.isEmpty() ? "none" : "some");
        Statistics.label("crossings").coverage(cov -> cov.check("some").percentage(p -> p > 30));
        Statistics.label("late").collect(c.spends().size() > 1 && c.spends().get(1).windowStart() < c.spends().get(0).windowStart()
                ? "out of order" : "in order");
        expected.forEach((period, grams) -> {
            assertThat(lastStatus).containsKey(period);
            assertThat(lastStatus.get(period).spentGrams()).isCloseTo(grams, within(1e-9 * Math.max(1, grams)));
            for (double t : c.thresholds()) {
                boolean reached = grams >= t * c.limit() * (1 + 1e-12);
                boolean below = grams < t * c.limit() * (1 - 1e-12);
                if (reached || below) {
                    assertThat(crossed.contains(period + "@" + t)).as("period %d threshold %s spent %s limit %s", period, t,
                            grams, c.limit()).isEqualTo(reached);
                }
            }
        });
    }
}
