package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {
    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void shouldStartDaysAtUtcMidnight() {
        assertThat(BudgetPeriod.DAY.start(t("2026-11-30T23:59:59.999Z"))).isEqualTo(t("2026-11-30T00:00:00Z"));
        assertThat(BudgetPeriod.DAY.start(t("2026-12-01T00:00:00Z"))).isEqualTo(t("2026-12-01T00:00:00Z"));
        assertThat(BudgetPeriod.DAY.end(t("2026-11-30T00:00:00Z"))).isEqualTo(t("2026-12-01T00:00:00Z"));
        assertThat(BudgetPeriod.DAY.start(t("1969-12-31T12:00:00Z"))).isEqualTo(t("1969-12-31T00:00:00Z"));
    }

    @Test
    void shouldStartIsoWeeksOnMonday() {
        // 2026-11-30 is a Monday; 2026-12-06 a Sunday.
        assertThat(BudgetPeriod.WEEK.start(t("2026-12-06T23:00:00Z"))).isEqualTo(t("2026-11-30T00:00:00Z"));
        assertThat(BudgetPeriod.WEEK.start(t("2026-11-30T00:00:00Z"))).isEqualTo(t("2026-11-30T00:00:00Z"));
        assertThat(BudgetPeriod.WEEK.start(t("2026-11-29T23:59:59Z"))).isEqualTo(t("2026-11-23T00:00:00Z"));
        // 1970-01-01 was a Thursday: its week began on Monday 1969-12-29.
        assertThat(BudgetPeriod.WEEK.start(0)).isEqualTo(t("1969-12-29T00:00:00Z"));
        assertThat(BudgetPeriod.WEEK.end(t("2026-11-30T00:00:00Z"))).isEqualTo(t("2026-12-07T00:00:00Z"));
    }

    @Test
    void shouldUseCalendarMonths() {
        assertThat(BudgetPeriod.MONTH.start(t("2028-02-29T10:00:00Z"))).isEqualTo(t("2028-02-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTH.end(t("2028-02-01T00:00:00Z"))).isEqualTo(t("2028-03-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTH.end(t("2026-12-01T00:00:00Z"))).isEqualTo(t("2027-01-01T00:00:00Z"));
    }

    @Test
    void shouldParseAnyCaseAndRejectOthers() {
        assertThat(BudgetPeriod.parse(" Week ")).isEqualTo(BudgetPeriod.WEEK);
        assertThatThrownBy(() -> BudgetPeriod.parse("year")).hasMessage("period must be day, week or month, got 'year'");
        assertThat(BudgetTier.parse("HARD")).isEqualTo(BudgetTier.HARD);
        assertThatThrownBy(() -> BudgetTier.parse("firm")).hasMessage("tier must be hard or soft, got 'firm'");
    }
}
