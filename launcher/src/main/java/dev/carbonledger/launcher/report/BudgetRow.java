package dev.carbonledger.launcher.report;

import java.time.Instant;

/** The latest burn status of one team's budget period that overlaps the range. */
public record BudgetRow(String team, String period, String tier, Instant periodStart, Instant periodEnd,
        double limitGrams, double spentGrams, double fraction) {

    public boolean exhausted() {
        return fraction >= 1.0;
    }
}
