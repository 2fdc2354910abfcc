package dev.carbonledger.domain.budget;

/** What a change to a team's burn means for the outside world; the streams processor turns each into a record. */
public sealed interface BurnEvent {
    String team();

    /** The team's status in a period changed (or is refreshed). */
    record Status(BurnStatus status) implements BurnEvent {
        @Override
        public String team() {
            return status.team();
        }
    }

    /** The team's budget was deleted: its status is no longer meaningful. */
    record StatusRemoved(String team) implements BurnEvent {}

    /** Spend in a period reached {@code threshold} x limit for the first time: alert, once per (team, period, threshold). */
    record ThresholdCrossed(BurnStatus status, double threshold, long at) implements BurnEvent {
        @Override
        public String team() {
            return status.team();
        }
    }

    /** The period of a crossed threshold ended (or the budget changed): the alert resolves. */
    record ThresholdResolved(String team, BudgetPeriod period, BudgetTier tier, long periodStart, double threshold,
                             long crossedAt, long at) implements BurnEvent {}

    /** Which burn-rate alert. */
    enum Speed {
        /** Pages: fast burn over a long and a short window. */
        FAST,
        /** Opens a ticket: slow, sustained burn. */
        SLOW
    }

    /**
     * A burn-rate alert started or stopped firing.
     *
     * @param since when it started firing (stream time)
     * @param at    when this change was seen
     */
    record BurnRate(String team, BudgetPeriod period, BudgetTier tier, Speed speed, boolean firing, long since, long at,
                    double longBurn, double shortBurn, BurnAlertPolicy.Condition condition) implements BurnEvent {}

    /**
     * A gate decision for the team changed, or its previous one expired.
     *
     * @param workloadClass the critical class it is for, or null for every other (non-critical) class
     */
    record Gate(String team, String workloadClass, BudgetGate.Decision decision) implements BurnEvent {}
}
