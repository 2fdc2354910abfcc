package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code budgets delete}: removes a team's budget (a tombstone on the compacted budgets topic). */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Deletes a team's budget; the team then has no limit (its work is always allowed).")
public final class BudgetDeleteCommand extends BudgetsSubcommand {
    /** How many teams a "has no budget" message names before it only counts. */
    static final int TEAMS_NAMED = 20;

    @Option(names = "--team", required = true, paramLabel = "TEAM", description = "The team whose budget goes")
    String team;

    @Override
    List<String> validate() {
        team = team == null ? null : team.strip();
        String problem = BudgetSpec.teamProblem(team);
        return problem == null ? List.of() : List.of("--team: " + problem);
    }

    @Override
    int run(BudgetsClient budgets, PrintWriter out) {
        Map<String, StoredBudget> all = budgets.readBudgets();
        if (!all.containsKey(team)) {
            throw new UsageException(List.of("team '" + team + "' has no budget (" + teamsWithBudgets(all) + ")"));
        }
        budgets.delete(team);
        out.println("budget deleted: " + team);
        return 0;
    }

    static String teamsWithBudgets(Map<String, StoredBudget> budgets) {
        if (budgets.isEmpty()) {
            return "no team has a budget";
        }
        List<String> named = new ArrayList<>(budgets.keySet()).subList(0, Math.min(TEAMS_NAMED, budgets.size()));
        String more = budgets.size() > TEAMS_NAMED ? ", ... " + budgets.size() + " in all" : "";
        return "teams with budgets: " + String.join(", ", named) + more;
    }
}
