package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetSpec;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code budgets set}: one team's budget, written once every value is valid. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Sets a team's budget, replacing the one it has.",
                "Example: carbon-ledger budgets set --team research --period day --limit 5kg --tier hard"})
public final class BudgetSetCommand extends BudgetsSubcommand {
    @Option(names = "--team", required = true, paramLabel = "TEAM", description = "The team, as in the pods' team label")
    String team;

    @Option(names = "--period", required = true, paramLabel = "day|week|month",
            description = "Calendar period of the limit, UTC (a week starts on Monday)")
    String period;

    @Option(names = "--limit", required = true, paramLabel = "AMOUNT", description = "Limit per period in g, kg or t, e.g. 50kg")
    String limit;

    @Option(names = "--tier", defaultValue = "soft", paramLabel = "hard|soft",
            description = "hard: new work is denied when exhausted (experiments, research); soft: alerts only (default: ${DEFAULT-VALUE})")
    String tier;

    @Option(names = "--thresholds", defaultValue = "0.5,0.8,1", paramLabel = "LIST",
            description = "Fractions or percentages of the limit that raise an alert, e.g. 0.5,0.8,1 or 50%%,80%%,100%% (default: ${DEFAULT-VALUE})")
    String thresholds;

    @Option(names = "--by", paramLabel = "WHO", description = "Who sets it, for audit (default: the USER environment variable)")
    String by;

    private BudgetSpec budget;

    @Override
    List<String> validate() {
        BudgetInput.Parsed parsed = BudgetInput.parse(team, period, limit, tier, List.of(thresholds));
        budget = parsed.spec();
        return parsed.problems().stream().map(p -> "--" + p.field() + ": " + p.reason()).toList();
    }

    @Override
    int run(BudgetsClient budgets, PrintWriter out) {
        budgets.set(budget, who(by), now());
        out.println("budget set: " + BudgetText.describe(budget));
        return 0;
    }
}
