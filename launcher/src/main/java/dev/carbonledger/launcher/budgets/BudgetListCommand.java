package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BurnStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code budgets list}: every budget with its burn in the current period. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists every budget with its burn in the current period.",
                "Sorted by team. SPENT, USED and BURN come from the streams app's budget status for the current period"
                        + " ('-' until there is one); LIMIT shows transfers made for the period in parentheses."})
public final class BudgetListCommand extends BudgetsSubcommand {
    /** How the list is printed. */
    enum Output { table, json }

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "table|json",
            description = "table, or json: an array of objects, numbers as numbers, times ISO-8601 (default: ${DEFAULT-VALUE})")
    Output output;

    @Override
    List<String> validate() {
        return List.of();
    }

    @Override
    int run(BudgetsClient budgets, PrintWriter out) {
        Map<String, StoredBudget> all = budgets.readBudgets();
        Map<String, BurnStatus> statuses = all.isEmpty() ? Map.of() : budgets.readStatuses();
        List<BudgetListing.Row> rows = BudgetListing.rows(all, statuses, now());
        if (output == Output.json) {
            out.println(BudgetListing.json(rows));
        } else if (rows.isEmpty()) {
            out.println("no budgets");
        } else {
            BudgetListing.table(rows).forEach(out::println);
        }
        return 0;
    }
}
