package dev.carbonledger.launcher.report;

/**
 * One team over the range: its hourly windows (latest value of each) and its late pieces, and the use of its budget
 * periods that overlap the range.
 *
 * @param budgetPeriods     periods with a status that overlap the range (0: no budget seen)
 * @param budgetLimitGrams  Σ limit of those periods
 * @param budgetSpentGrams  Σ spent of those periods
 * @param exhaustedPeriods  periods whose fraction reached 1
 */
public record TeamRow(String team, double windowGrams, double windowJoules, double lateGrams, double lateJoules,
        int budgetPeriods, double budgetLimitGrams, double budgetSpentGrams, int exhaustedPeriods) {

    public double emissionsGrams() {
        return windowGrams + lateGrams;
    }

    public double energyJoules() {
        return windowJoules + lateJoules;
    }

    public double energyKwh() {
        return energyJoules() / 3.6e6;
    }

    /** Σ spent / Σ limit over the periods, or null without a budget. */
    public Double budgetUsedFraction() {
        return budgetPeriods == 0 || budgetLimitGrams == 0 ? null : budgetSpentGrams / budgetLimitGrams;
    }
}
