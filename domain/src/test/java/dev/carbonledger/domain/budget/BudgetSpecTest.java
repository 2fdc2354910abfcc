package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetSpecTest {
    @Test
    void shouldNormalizeThresholds() {
        BudgetSpec b = BudgetSpec.validated("research", BudgetPeriod.DAY, 5_000, BudgetTier.HARD, List.of(1.0, 0.5, 0.8));
        assertThat(b.thresholds()).containsExactly(0.5, 0.8, 1.0);
        assertThat(BudgetSpec.validated("a", BudgetPeriod.DAY, 1, BudgetTier.SOFT, null).thresholds())
                .isEqualTo(BudgetSpec.DEFAULT_THRESHOLDS);
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        assertThat(BudgetSpec.problems(" bad team", null, -1, null, List.of(0.5, 0.5, 0.0, 11.0))).containsExactly(
                "team ' bad team' is not a valid team name: 1-63 characters of letters, digits, '.', '_' and '-', "
                        + "starting and ending with a letter or digit (a Kubernetes label value)",
                "period is required (day, week or month)",
                "limit must be a positive amount, got -1.0 g",
                "tier is required (hard or soft)",
                "threshold 0.5 is listed twice",
                "threshold 0.0 must be a fraction of the limit in (0, 10]",
                "threshold 11.0 must be a fraction of the limit in (0, 10]");
        assertThatThrownBy(() -> BudgetSpec.validated("", BudgetPeriod.DAY, Double.NaN, BudgetTier.SOFT, List.of()))
                .hasMessage("team is required; limit must be a positive amount, got NaN g; "
                        + "thresholds must list at least one fraction of the limit, e.g. 0.5,0.8,1");
    }

    @Test
    void shouldEscapeControlCharactersInTeamProblems() {
        assertThat(BudgetSpec.teamProblem("a\u0000b")).startsWith("team 'a\\u0000b' is not a valid team name");
        assertThat(BudgetSpec.teamProblem("ml-platform.eu_1")).isNull();
    }

    @Test
    void shouldParseFractionsAndPercentages() {
        assertThat(BudgetSpec.parseThresholds("0.5,0.8,1")).containsExactly(0.5, 0.8, 1.0);
        assertThat(BudgetSpec.parseThresholds("50%, 90%")).containsExactly(0.5, 0.9);
        assertThatThrownBy(() -> BudgetSpec.parseThresholds("0.5,half"))
                .hasMessage("threshold 'half' is not a number (use fractions like 0.8 or percentages like 80%)");
    }
}
