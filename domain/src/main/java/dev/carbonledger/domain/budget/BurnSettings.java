package dev.carbonledger.domain.budget;

import java.util.Set;

/**
 * How budgets are evaluated; configuration, not state.
 *
 * @param windowMillis        the accounting window: spend arrives per window, the finest resolution of burn rates
 * @param criticalClasses     workload classes an exhausted soft budget does not defer
 * @param statusRefreshMillis a team's status is re-published at least this often while time passes without spend,
 *                            so burn rate and projection on the status topic never go stale
 */
public record BurnSettings(long windowMillis, Set<String> criticalClasses, long statusRefreshMillis) {
    public static final Set<String> DEFAULT_CRITICAL_CLASSES = Set.of("critical");
    public static final long DEFAULT_STATUS_REFRESH_MILLIS = 60_000L;

    public BurnSettings {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be positive: " + windowMillis);
        }
        if (statusRefreshMillis <= 0) {
            throw new IllegalArgumentException("statusRefreshMillis must be positive: " + statusRefreshMillis);
        }
        criticalClasses = Set.copyOf(criticalClasses);
    }

    public static BurnSettings defaults(long windowMillis) {
        return new BurnSettings(windowMillis, DEFAULT_CRITICAL_CLASSES, DEFAULT_STATUS_REFRESH_MILLIS);
    }
}
