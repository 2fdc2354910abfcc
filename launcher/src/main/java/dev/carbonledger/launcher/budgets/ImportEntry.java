package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetSpec;

/**
 * A valid budget read from an import file, with where it was written.
 *
 * @param entry 1-based entry of a YAML list, 0 in CSV
 */
public record ImportEntry(int line, int entry, BudgetSpec spec) {
    /** {@code line 3}, or in YAML {@code entry 2 (line 5)}. */
    String where() {
        return entry > 0 ? "entry " + entry + " (line " + line + ")" : "line " + line;
    }
}
