package dev.carbonledger.domain.budget;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The budget gate of DESIGN section 6: may a team start new work of a workload class now?
 * <ul>
 *   <li>no budget, or a budget not yet exhausted: {@code allow};</li>
 *   <li>an exhausted {@code hard} budget (experimental, research work): {@code deny} new work, whatever its class;</li>
 *   <li>an exhausted {@code soft} budget (production-critical services): {@code defer} non-critical classes,
 *       {@code allow} the critical ones (the budget alerts, it does not stop production).</li>
 * </ul>
 * A decision is valid until it can change by itself: the period's end (the budget refills), or for an allowed team
 * the projected exhaustion. Consumers ask again after {@code validUntil}.
 */
public final class BudgetGate {
    /** The decisions. */
    public enum Verdict {
        ALLOW, DEFER, DENY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A decision with its reason, validity and the inputs it was made from (for audit and debugging). */
    public record Decision(Verdict verdict, String reason, long validFrom, long validUntil, Map<String, String> inputs) {
        public Decision {
            inputs = Map.copyOf(inputs);
        }
    }

    /** The class assumed when a caller names none. */
    public static final String UNSPECIFIED_CLASS = "unspecified";
    /** How long an "allowed, no budget" decision stays valid before consumers ask again. */
    public static final long NO_BUDGET_VALIDITY_MILLIS = 3_600_000L;

    private BudgetGate() {}

    /**
     * The verdict and how long it holds, without the reason and inputs {@link #decide} writes out: what a caller that
     * only wants to know whether anything changed needs, cheaply (no formatting).
     */
    public record Outcome(Verdict verdict, long validUntil) {}

    /** {@link #decide}'s verdict and validity alone. */
    public static Outcome outcome(String workloadClass, BudgetSpec budget, BurnStatus status, Set<String> criticalClasses,
                                  long now) {
        if (budget == null) {
            return new Outcome(Verdict.ALLOW, now + NO_BUDGET_VALIDITY_MILLIS);
        }
        long periodEnd = budget.period().end(budget.period().start(now));
        double limit = status == null ? budget.limitGrams() : status.limitGrams();
        double spent = status == null ? 0 : status.spentGrams();
        if (spent < limit) {
            long validUntil = periodEnd;
            if (status != null && status.projectedExhaustion() != null) {
                validUntil = Math.min(validUntil, Math.max(now + 1, status.projectedExhaustion()));
            }
            return new Outcome(Verdict.ALLOW, validUntil);
        }
        if (budget.tier() == BudgetTier.HARD) {
            return new Outcome(Verdict.DENY, periodEnd);
        }
        return new Outcome(isCritical(workloadClass, criticalClasses) ? Verdict.ALLOW : Verdict.DEFER, periodEnd);
    }

    private static String classOf(String workloadClass) {
        return workloadClass == null || workloadClass.isBlank() ? UNSPECIFIED_CLASS : workloadClass.strip();
    }

    private static boolean isCritical(String workloadClass, Set<String> criticalClasses) {
        String cls = classOf(workloadClass);
        for (String c : criticalClasses) {
            if (c.equalsIgnoreCase(cls)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param budget          the team's budget, or null
     * @param status          the status of the team's current period, or null when nothing was spent in it yet
     * @param workloadClass   the class of the work asking (null or blank: unspecified, not critical)
     * @param criticalClasses classes that an exhausted soft budget does not defer (case-insensitive)
     */
    public static Decision decide(String team, String workloadClass, BudgetSpec budget, BurnStatus status,
                                  Set<String> criticalClasses, long now) {
        String cls = classOf(workloadClass);
        boolean critical = isCritical(workloadClass, criticalClasses);
        Outcome outcome = outcome(workloadClass, budget, status, criticalClasses, now);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("team", team);
        inputs.put("class", cls);
        inputs.put("critical", Boolean.toString(critical));
        if (budget == null) {
            return new Decision(outcome.verdict(), "team " + team + " has no carbon budget", now, outcome.validUntil(),
                    inputs);
        }
        long periodStart = budget.period().start(now);
        long periodEnd = budget.period().end(periodStart);
        double limit = status == null ? budget.limitGrams() : status.limitGrams();
        double spent = status == null ? 0 : status.spentGrams();
        inputs.put("tier", budget.tier().label());
        inputs.put("period", budget.period().label());
        inputs.put("periodStart", Instant.ofEpochMilli(periodStart).toString());
        inputs.put("periodEnd", Instant.ofEpochMilli(periodEnd).toString());
        inputs.put("limitGrams", Double.toString(limit));
        inputs.put("spentGrams", Double.toString(spent));
        inputs.put("fraction", Double.toString(spent / limit));
        if (status != null) {
            inputs.put("burnRate", Double.toString(status.burnRate()));
        }
        String used = Grams.format(spent) + " of " + Grams.format(limit) + " (" + percent(spent / limit) + ") of the "
                + budget.period().adjective() + " budget";
        String until = Instant.ofEpochMilli(periodEnd).toString();
        // The verdict and its validity are outcome()'s alone; here only the reason is written.
        String reason;
        if (spent < limit) {
            reason = "team " + team + " has used " + used;
        } else if (outcome.verdict() == Verdict.DENY) {
            reason = "team " + team + " has exhausted its hard budget: " + used
                    + " used; new work is denied until the budget renews at " + until;
        } else if (outcome.verdict() == Verdict.ALLOW) {
            reason = "team " + team + " has exhausted its soft budget (" + used + " used), but class '" + cls
                    + "' is production-critical: allowed, the budget only alerts";
        } else {
            reason = "team " + team + " has exhausted its soft budget: " + used + " used; defer non-critical work (class '"
                    + cls + "') until the budget renews at " + until;
        }
        return new Decision(outcome.verdict(), reason, now, outcome.validUntil(), inputs);
    }

    static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }
}
