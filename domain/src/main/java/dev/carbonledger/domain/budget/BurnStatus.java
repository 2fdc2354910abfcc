package dev.carbonledger.domain.budget;

/**
 * A team's budget in one period, as of {@code asOf} (stream time).
 *
 * @param limitGrams          the limit in effect for the period: the budget's limit plus transfers in, minus out
 * @param transferredGrams    the net part of {@code limitGrams} that came from transfers
 * @param spentGrams          emissions of the team's windows that start in the period, late pieces included
 * @param energyJoules        measured energy of the same pieces
 * @param burnRate            recent spend rate over the sustainable rate ({@code limit / period length}); for a
 *                            period that is over, the average over the whole period ({@code = fraction})
 * @param projectedExhaustion when the limit is reached at the recent rate, if before the period ends; null when it
 *                            is not, or when the limit is already reached
 */
public record BurnStatus(String team, BudgetPeriod period, BudgetTier tier, long periodStart, long periodEnd,
                         double limitGrams, double transferredGrams, double spentGrams, double energyJoules,
                         double burnRate, Long projectedExhaustion, long asOf) {

    public double remainingGrams() {
        return limitGrams - spentGrams;
    }

    /** {@code spent / limit}; at or above 1 the budget is exhausted. */
    public double fraction() {
        return spentGrams / limitGrams;
    }

    public boolean exhausted() {
        return spentGrams >= limitGrams;
    }

    /** Whether the period is the one {@code asOf} lies in. */
    public boolean current() {
        return asOf >= periodStart && asOf < periodEnd;
    }

    /**
     * The status from its inputs.
     *
     * @param recentGrams  spend over the last {@code recentMillis} (the rate's window), ignored for a past period
     */
    public static BurnStatus of(String team, BudgetPeriod period, BudgetTier tier, long periodStart, double limitGrams,
                                double transferredGrams, double spentGrams, double energyJoules, double recentGrams,
                                long recentMillis, long asOf) {
        long periodEnd = period.end(periodStart);
        double sustainablePerMilli = limitGrams / (double) (periodEnd - periodStart);
        double burnRate;
        Long exhaustion = null;
        if (asOf >= periodEnd) {
            burnRate = spentGrams / limitGrams;
        } else {
            double ratePerMilli = recentMillis > 0 ? recentGrams / recentMillis : 0;
            burnRate = ratePerMilli / sustainablePerMilli;
            double remaining = limitGrams - spentGrams;
            if (remaining > 0 && ratePerMilli > 0) {
                double at = Math.max(asOf, periodStart) + remaining / ratePerMilli;
                if (at < periodEnd) {
                    exhaustion = (long) Math.ceil(at);
                }
            }
        }
        return new BurnStatus(team, period, tier, periodStart, periodEnd, limitGrams, transferredGrams, spentGrams,
                energyJoules, burnRate, exhaustion, asOf);
    }
}
