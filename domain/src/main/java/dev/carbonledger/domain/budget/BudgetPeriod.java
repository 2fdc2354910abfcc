package dev.carbonledger.domain.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The calendar period a budget covers, in UTC: a day, an ISO week (Monday 00:00 UTC) or a calendar month.
 * Times in epoch milliseconds.
 */
public enum BudgetPeriod {
    DAY, WEEK, MONTH;

    private static final long DAY_MILLIS = 86_400_000L;

    /** Start (inclusive) of the period that contains {@code t}. */
    public long start(long t) {
        long day = Math.floorDiv(t, DAY_MILLIS);
        return switch (this) {
            case DAY -> day * DAY_MILLIS;
            // Epoch day 0 (1970-01-01) was a Thursday: Monday is 3 days earlier.
            case WEEK -> (day - Math.floorMod(day + 3, 7)) * DAY_MILLIS;
            case MONTH -> LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay() * DAY_MILLIS;
        };
    }

    /** End (exclusive) of the period starting at {@code periodStart}. */
    public long end(long periodStart) {
        return switch (this) {
            case DAY -> periodStart + DAY_MILLIS;
            case WEEK -> periodStart + 7 * DAY_MILLIS;
            case MONTH -> LocalDate.ofInstant(Instant.ofEpochMilli(periodStart), ZoneOffset.UTC).plusMonths(1)
                    .toEpochDay() * DAY_MILLIS;
        };
    }

    /**
     * The period's nominal length, which scales the burn-rate alert windows: a day, a week, 30 days for a month
     * (so a month's windows are the SRE workbook's, which assume a 30-day budget).
     */
    public long nominalMillis() {
        return switch (this) {
            case DAY -> DAY_MILLIS;
            case WEEK -> 7 * DAY_MILLIS;
            case MONTH -> 30 * DAY_MILLIS;
        };
    }

    /** {@code day}, {@code week} or {@code month}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The adjective for messages: daily, weekly, monthly. */
    public String adjective() {
        return switch (this) {
            case DAY -> "daily";
            case WEEK -> "weekly";
            case MONTH -> "monthly";
        };
    }

    /** {@code day}, {@code week} or {@code month}, any case. */
    public static BudgetPeriod parse(String value) {
        if (value != null) {
            for (BudgetPeriod p : values()) {
                if (p.name().equalsIgnoreCase(value.strip())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("period must be day, week or month, got '" + value + "'");
    }
}
