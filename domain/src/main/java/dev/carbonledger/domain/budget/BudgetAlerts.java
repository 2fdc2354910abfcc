package dev.carbonledger.domain.budget;

/**
 * Names of the alerts budget burn raises on the alerts topic. Alertmanager routes and inhibits by them
 * (deploy/alertmanager/alertmanager.yml), the runbook has a section per name, and {@code replay} reads threshold
 * crossings back by name.
 */
public final class BudgetAlerts {
    /** Spend in a period reached a threshold of the limit. */
    public static final String THRESHOLD_CROSSED = "CarbonBudgetThresholdCrossed";
    /** Fast burn: pages. */
    public static final String FAST_BURN = "CarbonBudgetFastBurn";
    /** Slow, sustained burn: opens a ticket. */
    public static final String SLOW_BURN = "CarbonBudgetSlowBurn";

    private BudgetAlerts() {}
}
