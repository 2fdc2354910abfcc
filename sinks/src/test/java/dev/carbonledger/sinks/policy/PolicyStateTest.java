package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.domain.intensity.Signal;
import dev.carbonledger.sinks.testing.Records;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PolicyStateTest {
    private final PolicyState state = PolicyFixtures.emptyState();
    private final long now = T0.toEpochMilli();

    @Test
    void shouldReplaceAndDeleteBudgetsByTeamWhenNewRecordsAndTombstonesArrive() {
        state.acceptBudget("research", Records.budget("research", BudgetPeriod.DAY, 1000, BudgetTier.HARD));
        state.acceptBudget("research", Records.budget("research", BudgetPeriod.WEEK, 5000, BudgetTier.SOFT));

        assertThat(state.budget("research")).get().extracting(BudgetSpec::limitGrams).isEqualTo(5000.0);

        state.acceptBudget("research", null);

        assertThat(state.budget("research")).isEmpty();
    }

    @Test
    void shouldCountAndNotUseTheBudgetWhenItFailsValidation() {
        state.acceptBudget("research", Records.budget("research", BudgetPeriod.DAY, 1000, BudgetTier.HARD));
        Budget invalid = Records.budget("research", BudgetPeriod.DAY, -5, BudgetTier.HARD);

        state.acceptBudget("research", invalid);
        state.acceptBudget("research", invalid);

        assertThat(state.budget("research")).isEmpty();
        assertThat(state.invalidBudgets()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheForecastGeneratedLastWhenForecastsArriveOutOfOrder() {
        state.acceptForecast("DE", Records.forecast("DE", T0, T0, 3600, 100));
        state.acceptForecast("DE", Records.forecast("DE", T0.minusSeconds(60), T0, 3600, 200));

        assertThat(state.forecast("DE").get().points().get(0).value()).isEqualTo(100.0);

        state.acceptForecast("DE", Records.forecast("DE", T0, T0, 3600, 300));

        assertThat(state.forecast("DE").get().points().get(0).value()).isEqualTo(300.0);
    }

    @Test
    void shouldIgnoreAndCountAForecastWhenItsPointsAreInvalid() {
        state.acceptForecast("DE", Records.forecast("DE", T0, T0, 3600, 100));

        state.acceptForecast("DE", Records.forecast("DE", T0.plusSeconds(60), T0, 0, 1));

        assertThat(state.forecast("DE").get().points().get(0).value()).isEqualTo(100.0);
        assertThat(state.invalidForecasts()).isEqualTo(1);
    }

    @Test
    void shouldKeepEachSignalInItsOwnTimelineWhenIntensityRecordsArrive() {
        state.acceptIntensity(Records.intensity("DE", T0.minusSeconds(600), 300, IntensitySignal.AVERAGE), now);
        state.acceptIntensity(Records.intensity("DE", T0.minusSeconds(300), 700, IntensitySignal.MARGINAL), now);

        assertThat(state.intensityAt("DE", Signal.AVERAGE, now)).isEqualTo(OptionalDouble.of(300));
        assertThat(state.intensityAt("DE", Signal.MARGINAL, now)).isEqualTo(OptionalDouble.of(700));
        assertThat(state.intensityAt("DE", Signal.AVERAGE, now - 3_600_000)).isEmpty();
        assertThat(state.intensityAt("FR", Signal.AVERAGE, now)).isEmpty();
        assertThat(new PolicyState(AccountingSignal.parse("marginal")).accountingSignal().signal())
                .isEqualTo(Signal.MARGINAL);
    }

    @Test
    void shouldForgetStepsBeforeTheOneInEffectWhenPruned() {
        state.acceptIntensity(Records.intensity("DE", T0.minusSeconds(600), 300, false), now);
        state.acceptIntensity(Records.intensity("DE", T0.minusSeconds(300), 310, false), now);
        state.acceptIntensity(Records.intensity("DE", T0.plusSeconds(300), 320, true), now);

        state.pruneIntensity(now);

        assertThat(state.intensityAt("DE", Signal.AVERAGE, now - 400_000)).isEmpty();
        assertThat(state.intensityAt("DE", Signal.AVERAGE, now)).isEqualTo(OptionalDouble.of(310));
        assertThat(state.intensityAt("DE", Signal.AVERAGE, now + 400_000)).isEqualTo(OptionalDouble.of(320));
    }

    @Test
    void shouldKeepTheStatusOfTheLatestPeriodWhenALateCorrectionArrives() {
        state.acceptStatus("research", Records.dayStatus("research", BudgetTier.HARD, 1000, 100, 1, null));
        state.acceptStatus("research", Records.status("research", BudgetPeriod.DAY, BudgetTier.HARD,
                T0.minusSeconds(2 * 86_400), T0.minusSeconds(86_400), 1000, 999, 1, null));

        assertThat(state.currentStatus("research", now)).get().extracting(s -> s.spentGrams()).isEqualTo(100.0);
    }
}
