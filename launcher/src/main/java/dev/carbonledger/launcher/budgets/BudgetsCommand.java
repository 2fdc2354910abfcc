package dev.carbonledger.launcher.budgets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger budgets set|list|delete|import|transfer}: teams' carbon budgets on the budgets topic (DESIGN section 6). */
@Command(name = "budgets", mixinStandardHelpOptions = true,
        description = {"Teams' carbon budgets: a limit in g, kg or t per day, week or month (UTC).",
                "Bad values exit 2 with every problem and write nothing; a run that fails exits 1."},
        subcommands = {BudgetSetCommand.class, BudgetListCommand.class, BudgetDeleteCommand.class,
                BudgetImportCommand.class, BudgetTransferCommand.class})
public final class BudgetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: set, list, delete, import or transfer");
    }
}
