package dev.carbonledger.launcher.imports;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger import SOURCE ...}: energy measured by other tools, re-accounted by carbon-ledger. */
@Command(name = "import", mixinStandardHelpOptions = true, subcommands = ImportCodeCarbonCommand.class,
        description = "Imports energy measured by other tools so carbon-ledger re-accounts it (codecarbon).")
public final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: codecarbon");
    }
}
