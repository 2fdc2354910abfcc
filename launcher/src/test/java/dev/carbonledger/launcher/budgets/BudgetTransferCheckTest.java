package dev.carbonledger.launcher.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.BurnStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transfer rules the streams app applies, checked before anything is written. */
class BudgetTransferCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-30T14:00:00Z");
    private static final long TODAY = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final long YESTERDAY = Instant.parse("2026-11-29T00:00:00Z").toEpochMilli();
    private static final Map<String, StoredBudget> BUDGETS = Map.of(
            "research", budget("research", BudgetPeriod.DAY, 15_000),
            "search", budget("search", BudgetPeriod.DAY, 5_000),
            "ads", budget("ads", BudgetPeriod.WEEK, 50_000));

    private static StoredBudget budget(String team, BudgetPeriod period, double grams) {
        return new StoredBudget(BudgetSpec.of(team, period, grams, BudgetTier.HARD), "alice", NOW.minusSeconds(3600));
    }

    private static BurnStatus status(String team, long periodStart, double limit, double transferred) {
        return BurnStatus.of(team, BudgetPeriod.DAY, BudgetTier.HARD, periodStart, limit, transferred, 1_000, 0, 0, 0,
                NOW.toEpochMilli());
    }

    @Test
    void shouldPlanATransferWithTheLimitsOfThePeriodThatContainsNow() {
        TransferCheck.Result result = TransferCheck.check("research", "search", 5_000, BUDGETS, Map.of(), NOW);

        assertThat(result.problems()).isEmpty();
        assertThat(result.plan().periodStart()).isEqualTo(TODAY);
        assertThat(result.plan().describe()).isEqualTo("5 kg of the daily budget from research to search for the period"
                + " starting 2026-11-30T00:00:00Z (research: 15 kg -> 10 kg, search: 5 kg -> 10 kg)");
    }

    @Test
    void shouldCountTransfersAlreadyMadeThisPeriodButNotEarlierOnes() {
        Map<String, BurnStatus> statuses = Map.of(
                "research", status("research", TODAY, 10_000, -5_000),
                "search", status("search", YESTERDAY, 9_000, 4_000));

        TransferCheck.Result tooMuch = TransferCheck.check("research", "search", 10_000, BUDGETS, statuses, NOW);
        TransferCheck.Result fits = TransferCheck.check("research", "search", 9_999, BUDGETS, statuses, NOW);

        assertThat(tooMuch.problems()).containsExactly("cannot move 10 kg from research: its limit for the period starting"
                + " 2026-11-30T00:00:00Z is 10 kg (15 kg budget, -5 kg transferred), and a transfer must leave it a positive limit");
        assertThat(fits.plan().fromLimitBefore()).isEqualTo(10_000);
        assertThat(fits.plan().toLimitBefore()).isEqualTo(5_000);
    }

    @Test
    void shouldListEveryBrokenRule() {
        assertThat(TransferCheck.check("research", "ads", 20_000, BUDGETS, Map.of(), NOW).problems()).containsExactly(
                "transfers need budgets of the same period: research is daily, ads is weekly",
                "cannot move 20 kg from research: its limit for the period starting 2026-11-30T00:00:00Z is 15 kg,"
                        + " and a transfer must leave it a positive limit");
        assertThat(TransferCheck.check("web", "mobile", 0, BUDGETS, Map.of(), NOW).problems()).containsExactly(
                "the amount must be more than 0 g, got 0 g",
                "team 'web' has no budget",
                "team 'mobile' has no budget");
        assertThat(TransferCheck.check("research", "research", 1, BUDGETS, Map.of(), NOW).problems()).containsExactly(
                "--from and --to are both 'research': a transfer moves part of a budget between two teams");
    }
}
