package dev.carbonledger.launcher.budgets;

import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.domain.budget.BudgetSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code budgets transfer}: part of one team's limit to another for the current period, recorded as an auditable
 * {@code BudgetTransfer} (who, when, why) on the transfers topic, which is kept forever.
 */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Moves part of a team's limit to another team for the current period.",
                "Both teams need budgets of the same period, and the giving team must keep a positive limit. The transfer"
                        + " is recorded with who, when and why on the transfers topic (kept forever).",
                "Example: carbon-ledger budgets transfer --from research --to search --amount 5kg --reason \"launch week\""})
public final class BudgetTransferCommand extends BudgetsSubcommand {
    @Option(names = "--from", required = true, paramLabel = "TEAM", description = "The team giving part of its limit")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TEAM", description = "The team receiving it")
    String to;

    @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "How much, in g, kg or t, e.g. 5kg")
    String amount;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for audit")
    String reason;

    @Option(names = "--by", paramLabel = "WHO", description = "Who decides it, for audit (default: the USER environment variable)")
    String by;

    private double grams;

    @Override
    List<String> validate() {
        List<BudgetInput.FieldProblem> problems = new ArrayList<>();
        for (String[] team : new String[][] {{"from", from}, {"to", to}}) {
            String problem = BudgetSpec.teamProblem(team[1] == null ? null : team[1].strip());
            if (problem != null) {
                problems.add(new BudgetInput.FieldProblem(team[0], problem));
            }
        }
        if (from != null && from.strip().equals(to == null ? null : to.strip())) {
            problems.add(new BudgetInput.FieldProblem("to", "--from and --to are both '" + from.strip()
                    + "': a transfer moves part of a budget between two teams"));
        }
        grams = BudgetInput.positiveAmount("amount", amount, problems);
        if (BudgetInput.isBlank(reason)) {
            problems.add(new BudgetInput.FieldProblem("reason", "a reason is required, for the audit trail"));
        }
        return problems.stream().map(p -> "--" + p.field() + ": " + p.reason()).toList();
    }

    @Override
    int run(BudgetsClient budgets, PrintWriter out) {
        Instant now = now();
        String giver = from.strip();
        String taker = to.strip();
        TransferCheck.Result check = TransferCheck.check(giver, taker, grams, budgets.readBudgets(), budgets.readStatuses(), now);
        if (!check.ok()) {
            throw new UsageException(check.problems().stream().map(p -> "invalid transfer: " + p).toList());
        }
        BudgetTransfer written = budgets.transfer(giver, taker, grams, reason.strip(), who(by), now);
        out.println("transferred " + check.plan().describe() + "; transfer id " + written.getTransferId());
        return 0;
    }
}
