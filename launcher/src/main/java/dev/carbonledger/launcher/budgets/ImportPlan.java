package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an import changes against the budgets in effect: new teams, changed budgets, and unchanged ones (which are
 * not written again, so their {@code updatedBy}/{@code updatedAt} keep telling who set them). An import never
 * deletes: teams missing from the file keep their budgets.
 *
 * @param changed each with the budget it replaces
 */
record ImportPlan(List<BudgetSpec> added, List<Change> changed, List<BudgetSpec> unchanged) {
    record Change(StoredBudget before, BudgetSpec after) {}

    static ImportPlan of(Map<String, StoredBudget> current, List<ImportEntry> entries) {
        List<BudgetSpec> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<BudgetSpec> unchanged = new ArrayList<>();
        for (ImportEntry e : entries) {
            StoredBudget before = current.get(e.spec().team());
            if (before == null) {
                added.add(e.spec());
            } else if (before.spec().equals(e.spec())) {
                unchanged.add(e.spec());
            } else {
                changed.add(new Change(before, e.spec()));
            }
        }
        return new ImportPlan(List.copyOf(added), List.copyOf(changed), List.copyOf(unchanged));
    }

    int total() {
        return added.size() + changed.size() + unchanged.size();
    }

    /** The budgets to write: the new and the changed ones. */
    List<BudgetSpec> toWrite() {
        List<BudgetSpec> out = new ArrayList<>(added);
        changed.forEach(c -> out.add(c.after()));
        return out;
    }

    /** {@code 300 budgets (298 new, 1 changed, 1 unchanged)}. */
    String counts() {
        return total() + " budget" + (total() == 1 ? "" : "s") + " (" + added.size() + " new, " + changed.size()
                + " changed, " + unchanged.size() + " unchanged)";
    }
}
