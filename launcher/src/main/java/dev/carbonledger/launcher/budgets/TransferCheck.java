package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.domain.budget.Grams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether part of one team's limit may move to another for the period that contains {@code now}, by the rules the
 * streams app applies to {@code BudgetTransfer} records (it dead-letters the ones that break them): two different
 * teams, both with budgets of the same period length, a positive amount that leaves the giving team a positive
 * limit. A team's limit for the period is its budget's limit plus the transfers already made for that period (the
 * {@code transferredGrams} of its status for the period; 0 without one). Pure: no Kafka.
 */
public final class TransferCheck {
    /** The transfer as it would apply: the limits of both teams for the period, before and after. */
    public record Plan(String from, String to, double amountGrams, BudgetPeriod period, long periodStart,
                       double fromLimitBefore, double toLimitBefore) {
        public double fromLimitAfter() {
            return fromLimitBefore - amountGrams;
        }

        public double toLimitAfter() {
            return toLimitBefore + amountGrams;
        }

        /** {@code 5 kg of the daily budget from research to search for the period starting ... (research: 15 kg -> 10 kg, ...)}. */
        public String describe() {
            return Grams.format(amountGrams) + " of the " + period.adjective() + " budget from " + from + " to " + to
                    + " for the period starting " + Instant.ofEpochMilli(periodStart) + " (" + from + ": "
                    + Grams.format(fromLimitBefore) + " -> " + Grams.format(fromLimitAfter()) + ", " + to + ": "
                    + Grams.format(toLimitBefore) + " -> " + Grams.format(toLimitAfter()) + ")";
        }
    }

    /** The plan, or null with every reason the transfer cannot be made. */
    public record Result(Plan plan, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private TransferCheck() {}

    public static Result check(String from, String to, double amountGrams, Map<String, StoredBudget> budgets,
                               Map<String, BurnStatus> statuses, Instant now) {
        List<String> problems = new ArrayList<>();
        if (from.equals(to)) {
            problems.add("--from and --to are both '" + from + "': a transfer moves part of a budget between two teams");
        }
        if (!(Double.isFinite(amountGrams) && amountGrams > 0)) {
            problems.add("the amount must be more than 0 g, got " + Grams.format(amountGrams));
        }
        StoredBudget giver = budgets.get(from);
        StoredBudget taker = budgets.get(to);
        if (giver == null) {
            problems.add("team '" + from + "' has no budget");
        }
        if (taker == null && !from.equals(to)) {
            problems.add("team '" + to + "' has no budget");
        }
        if (giver == null || taker == null || from.equals(to)) {
            return new Result(null, List.copyOf(problems));
        }
        BudgetPeriod period = giver.spec().period();
        if (taker.spec().period() != period) {
            problems.add("transfers need budgets of the same period: " + from + " is " + period.adjective() + ", " + to
                    + " is " + taker.spec().period().adjective());
        }
        long periodStart = period.start(now.toEpochMilli());
        double fromLimit = limitForPeriod(giver, statuses.get(from), periodStart);
        double toLimit = limitForPeriod(taker, statuses.get(to), periodStart);
        if (Double.isFinite(amountGrams) && amountGrams >= fromLimit) {
            problems.add("cannot move " + Grams.format(amountGrams) + " from " + from + ": its limit for the period starting "
                    + Instant.ofEpochMilli(periodStart) + " is " + Grams.format(fromLimit) + explain(giver, fromLimit)
                    + ", and a transfer must leave it a positive limit");
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        return new Result(new Plan(from, to, amountGrams, period, periodStart, fromLimit, toLimit), List.of());
    }

    /**
     * The team's limit for the period starting at {@code periodStart}: its budget's limit plus the net transfers
     * of its status for that very period (a status of another period, or of another period length, counts 0).
     */
    public static double limitForPeriod(StoredBudget budget, BurnStatus status, long periodStart) {
        boolean samePeriod = status != null && status.period() == budget.spec().period() && status.periodStart() == periodStart;
        return budget.spec().limitGrams() + (samePeriod ? status.transferredGrams() : 0);
    }

    private static String explain(StoredBudget budget, double limit) {
        double transferred = limit - budget.spec().limitGrams();
        if (transferred == 0) {
            return "";
        }
        return " (" + Grams.format(budget.spec().limitGrams()) + " budget, " + (transferred > 0 ? "+" : "")
                + Grams.format(transferred) + " transferred)";
    }
}
