package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BurnAlertPolicyTest {
    private static final long MIN = 60_000;

    @Test
    void shouldMatchTheSreWorkbookForAThirtyDayMonth() {
        BurnAlertPolicy p = BurnAlertPolicy.forPeriod(BudgetPeriod.MONTH, MIN);
        assertThat(p.bucketMillis()).isEqualTo(5 * MIN);
        assertThat(p.fast()).isEqualTo(new BurnAlertPolicy.Condition(14.4, 60 * MIN, 5 * MIN));
        assertThat(p.slow()).isEqualTo(new BurnAlertPolicy.Condition(3.0, 24 * 60 * MIN, 120 * MIN));
        assertThat(p.ringSize()).isEqualTo(24 * 12 + 1);
    }

    @Test
    void shouldScaleWindowsToADayButNotBelowTheAccountingWindow() {
        BurnAlertPolicy p = BurnAlertPolicy.forPeriod(BudgetPeriod.DAY, MIN);
        assertThat(p.bucketMillis()).isEqualTo(MIN);
        assertThat(p.fast()).isEqualTo(new BurnAlertPolicy.Condition(14.4, 2 * MIN, MIN));
        assertThat(p.slow()).isEqualTo(new BurnAlertPolicy.Condition(3.0, 48 * MIN, 4 * MIN));
        assertThat(p.statusWindowMillis()).isEqualTo(48 * MIN);
    }

    @Test
    void shouldKeepBucketsWholeAccountingWindows() {
        BurnAlertPolicy week = BurnAlertPolicy.forPeriod(BudgetPeriod.WEEK, MIN);
        assertThat(week.bucketMillis()).isEqualTo(2 * MIN);
        assertThat(week.fast().longMillis() % week.bucketMillis()).isZero();
        assertThat(week.slow().shortMillis()).isEqualTo(28 * MIN);
    }

    @Test
    void shouldNeedBothWindowsToHold() {
        BurnAlertPolicy.Condition c = new BurnAlertPolicy.Condition(14.4, 2 * MIN, MIN);
        assertThat(c.holds(20, 15)).isTrue();
        assertThat(c.holds(20, 2)).as("no longer burning fast").isFalse();
        assertThat(c.holds(5, 30)).as("a short spike").isFalse();
    }
}
