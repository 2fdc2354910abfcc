package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * A budget as the budgets topic holds it: the validated budget and, for audit, who set it and when.
 *
 * @param updatedBy who set it (user or tool); null when the record does not say
 * @param updatedAt when it was set; null when the record does not say
 */
public record StoredBudget(BudgetSpec spec, String updatedBy, Instant updatedAt) {
    public StoredBudget {
        Objects.requireNonNull(spec, "spec");
    }

    public String team() {
        return spec.team();
    }
}
