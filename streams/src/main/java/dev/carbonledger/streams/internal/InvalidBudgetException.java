package dev.carbonledger.streams.internal;

/**
 * A record on the budgets or budget-transfers topic that cannot apply (no limit, bad thresholds, key and team
 * disagree, a transfer between teams without budgets of the same period ...): dead-lettered with this message as the
 * reason; the budgets in effect do not change.
 */
public final class InvalidBudgetException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidBudgetException(String reason) {
        super(reason);
    }
}
