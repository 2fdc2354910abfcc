package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code budgets import FILE}: many budgets at once, all or nothing. The whole file is checked first and every
 * problem listed; only a file without any is written, in one Kafka transaction.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports budgets from a YAML or CSV file, all or nothing.",
                "Every problem in the file is listed (file:line: field: reason) and nothing is written unless there is"
                        + " none. The budgets are written in one transaction; unchanged ones are not rewritten; teams not"
                        + " in the file keep their budgets.",
                "YAML: budgets: [{team: research, period: day, limit: 5kg, tier: hard}]",
                "CSV:  team,period,limit,tier,thresholds / research,day,5kg,hard,0.5;0.8;1",
                "Examples: docs/examples/budgets.yaml and docs/examples/budgets.csv."})
public final class BudgetImportCommand extends BudgetsSubcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The budgets: .yaml, .yml or .csv")
    Path file;

    @Option(names = "--dry-run", description = "Check the file and print what would change, without writing anything")
    boolean dryRun;

    @Option(names = "--by", paramLabel = "WHO", description = "Who imports, for audit (default: the USER environment variable)")
    String by;

    private List<ImportEntry> entries;

    @Override
    List<String> validate() {
        BudgetFile.Content content = BudgetFile.read(file);
        entries = content.entries();
        return content.problems().stream().map(ImportProblem::toString).toList();
    }

    @Override
    void printProblems(PrintWriter err, List<String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        err.println(name() + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + file
                + "; nothing was imported:");
        problems.forEach(p -> err.println("  " + p));
    }

    @Override
    int run(BudgetsClient budgets, PrintWriter out) {
        ImportPlan plan = ImportPlan.of(budgets.readBudgets(), entries);
        if (dryRun) {
            plan.added().forEach(spec -> out.println("new      " + BudgetText.describe(spec)));
            plan.changed().forEach(c -> out.println("changed  " + BudgetText.describe(c.after()) + " (was "
                    + BudgetText.describe(c.before().spec()) + ")"));
            out.println("dry run: would import " + plan.counts() + "; nothing was written");
            return 0;
        }
        String who = who(by);
        Instant now = now();
        List<StoredBudget> writes = plan.toWrite().stream().map((BudgetSpec spec) -> new StoredBudget(spec, who, now)).toList();
        budgets.importAll(writes);
        out.println("imported " + plan.counts());
        return 0;
    }
}
