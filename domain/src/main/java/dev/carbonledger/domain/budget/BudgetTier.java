package dev.carbonledger.domain.budget;

import java.util.Locale;

/**
 * What an exhausted budget means. {@link #HARD} (experimental and research work): new work is denied.
 * {@link #SOFT} (production-critical services): alerts only; non-critical work is deferred, critical work runs.
 */
public enum BudgetTier {
    HARD, SOFT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code hard} or {@code soft}, any case. */
    public static BudgetTier parse(String value) {
        if (value != null) {
            for (BudgetTier t : values()) {
                if (t.name().equalsIgnoreCase(value.strip())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("tier must be hard or soft, got '" + value + "'");
    }
}
