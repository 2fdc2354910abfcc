package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.domain.budget.BudgetGate.Verdict;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetGateTest {
    private static final long DAY_START = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final long NOON = DAY_START + 12 * 3_600_000L;
    private static final Set<String> CRITICAL = Set.of("critical");

    private static BurnStatus spent(BudgetTier tier, double spent, Long exhaustion) {
        return new BurnStatus("t", BudgetPeriod.DAY, tier, DAY_START, DAY_START + 86_400_000L, 1_000, 0, spent, 0, 1.0,
                exhaustion, NOON);
    }

    @Test
    void shouldAllowTeamsWithoutBudget() {
        BudgetGate.Decision d = BudgetGate.decide("t", "batch", null, null, CRITICAL, NOON);
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.reason()).isEqualTo("team t has no carbon budget");
        assertThat(d.validUntil()).isEqualTo(NOON + BudgetGate.NO_BUDGET_VALIDITY_MILLIS);
    }

    @Test
    void shouldAllowUntilProjectedExhaustion() {
        BudgetSpec b = BudgetSpec.of("t", BudgetPeriod.DAY, 1_000, BudgetTier.HARD);
        BudgetGate.Decision d = BudgetGate.decide("t", null, b, spent(BudgetTier.HARD, 400, NOON + 60_000), CRITICAL, NOON);
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.reason()).isEqualTo("team t has used 400 g of 1 kg (40%) of the daily budget");
        assertThat(d.validUntil()).isEqualTo(NOON + 60_000);
        assertThat(d.inputs()).containsEntry("class", "unspecified").containsEntry("fraction", "0.4");
    }

    @Test
    void shouldDenyEveryClassOnAnExhaustedHardBudget() {
        BudgetSpec b = BudgetSpec.of("t", BudgetPeriod.DAY, 1_000, BudgetTier.HARD);
        for (String cls : new String[] {"critical", "batch", null}) {
            BudgetGate.Decision d = BudgetGate.decide("t", cls, b, spent(BudgetTier.HARD, 1_000, null), CRITICAL, NOON);
            assertThat(d.verdict()).isEqualTo(Verdict.DENY);
            assertThat(d.validUntil()).isEqualTo(DAY_START + 86_400_000L);
        }
        assertThat(BudgetGate.decide("t", "batch", b, spent(BudgetTier.HARD, 1_200, null), CRITICAL, NOON).reason())
                .isEqualTo("team t has exhausted its hard budget: 1.2 kg of 1 kg (120%) of the daily budget used; "
                        + "new work is denied until the budget renews at 2026-12-01T00:00:00Z");
    }

    @Test
    void shouldDeferNonCriticalWorkOnAnExhaustedSoftBudget() {
        BudgetSpec b = BudgetSpec.of("t", BudgetPeriod.DAY, 1_000, BudgetTier.SOFT);
        assertThat(BudgetGate.decide("t", "batch", b, spent(BudgetTier.SOFT, 1_500, null), CRITICAL, NOON).verdict())
                .isEqualTo(Verdict.DEFER);
        assertThat(BudgetGate.decide("t", null, b, spent(BudgetTier.SOFT, 1_500, null), CRITICAL, NOON).verdict())
                .isEqualTo(Verdict.DEFER);
        BudgetGate.Decision critical = BudgetGate.decide("t", "Critical", b, spent(BudgetTier.SOFT, 1_500, null), CRITICAL, NOON);
        assertThat(critical.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(critical.reason()).contains("class 'Critical' is production-critical");
    }

    @Test
    void shouldGiveTheSameVerdictAndValidityCheaplyAsInFull() {
        for (BudgetTier tier : BudgetTier.values()) {
            BudgetSpec b = BudgetSpec.of("t", BudgetPeriod.DAY, 1_000, tier);
            for (double spent : new double[] {0, 400, 999.9, 1_000, 5_000}) {
                for (Long exhaustion : new Long[] {null, NOON + 60_000, NOON - 5}) {
                    for (String cls : new String[] {null, "batch", "critical", " CRITICAL "}) {
                        BurnStatus status = spent == 0 ? null : spent(tier, spent, exhaustion);
                        BudgetGate.Decision full = BudgetGate.decide("t", cls, b, status, CRITICAL, NOON);
                        assertThat(BudgetGate.outcome(cls, b, status, CRITICAL, NOON))
                                .isEqualTo(new BudgetGate.Outcome(full.verdict(), full.validUntil()));
                    }
                }
            }
        }
        assertThat(BudgetGate.outcome("x", null, null, CRITICAL, NOON))
                .isEqualTo(new BudgetGate.Outcome(Verdict.ALLOW, NOON + BudgetGate.NO_BUDGET_VALIDITY_MILLIS));
    }
}
