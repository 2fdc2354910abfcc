package dev.carbonledger.launcher;

import dev.carbonledger.launcher.acls.AclsCommand;
import dev.carbonledger.launcher.bench.BenchCommand;
import dev.carbonledger.launcher.budgets.BudgetsCommand;
import dev.carbonledger.launcher.chaos.ChaosCommand;
import dev.carbonledger.launcher.cli.EnvironmentDefaults;
import dev.carbonledger.launcher.compare.CompareModelsCommand;
import dev.carbonledger.launcher.imports.ImportCommand;
import dev.carbonledger.launcher.logging.LogSettings;
import dev.carbonledger.launcher.replay.ReplayCommand;
import dev.carbonledger.launcher.report.ReportCommand;
import dev.carbonledger.launcher.standalone.CollectorCommand;
import dev.carbonledger.launcher.standalone.SinksCommand;
import dev.carbonledger.launcher.standalone.StandaloneCommand;
import dev.carbonledger.launcher.standalone.StreamsCommand;
import dev.carbonledger.launcher.tail.TailCommand;
import dev.carbonledger.launcher.topics.TopicsCommand;
import dev.carbonledger.launcher.window.WaitForWindowCommand;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The single {@code carbon-ledger} command line; every subcommand is a thin wiring of the modules. */
@Command(name = "carbon-ledger", mixinStandardHelpOptions = true, version = "carbon-ledger 0.1.0",
        description = "Real-time carbon accounting for Kubernetes and ML workloads.%n"
                + "Every option can also be set from the environment: --bootstrap-servers -> CARBON_LEDGER_BOOTSTRAP_SERVERS.",
        subcommands = {StandaloneCommand.class, CollectorCommand.class, StreamsCommand.class, SinksCommand.class,
                ReplayCommand.class, ReportCommand.class, CompareModelsCommand.class, TopicsCommand.class, TailCommand.class,
                BenchCommand.class, WaitForWindowCommand.class, BudgetsCommand.class, ImportCommand.class,
                AclsCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class})
public final class CarbonLedger implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 the run failed, 2 bad usage. */
    public static int execute(Map<String, String> environment, String... args) {
        try {
            LogSettings.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            // The logger falls back to its defaults; a bad setting still stops the command, with the reason.
            PrintWriter err = new PrintWriter(System.err, true);
            err.println("carbon-ledger: invalid configuration: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        return commandLine(environment).execute(args);
    }

    /** Set to 1 to have failures print their stack trace (for a bug report); otherwise one line says what failed. */
    static final String STACKTRACE_VARIABLE = "CARBON_LEDGER_STACKTRACE";

    /**
     * The failure's message, and its causes' where they add something, on one line. A schema registry that cannot be
     * reached is said first, plainly: the rest is how the read or write that needed it failed.
     */
    static String describe(Throwable ex) {
        for (Throwable c = ex; c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SchemaRegistryException registry && registry.unavailable()) {
                return "the schema registry is unavailable (" + message(registry) + "); nothing was skipped or "
                        + "dead-lettered: the records are read again once it answers, after a restart";
            }
        }
        StringBuilder b = new StringBuilder(message(ex));
        for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String m = message(c);
            if (!b.toString().contains(m)) {
                b.append(": ").append(m);
            }
        }
        return b.toString();
    }

    private static String message(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Every help text shows the defaults it takes from the environment with their secrets masked (a registry URL's
     * password, a JAAS password, a token), for it is printed in logs and terminals.
     */
    private static void maskSecretsInHelp(CommandLine cl) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = new java.util.LinkedHashMap<>(cl.getHelpSectionMap());
        sections.replaceAll((key, renderer) -> help -> EnvironmentDefaults.renderingHelp(() -> renderer.render(help)));
        cl.setHelpSectionMap(sections);
        cl.getSubcommands().values().forEach(CarbonLedger::maskSecretsInHelp);
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cl = new CommandLine(new CarbonLedger());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setDefaultValueProvider(new EnvironmentDefaults(environment));
        maskSecretsInHelp(cl);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof IllegalArgumentException) {
                err.println("carbon-ledger " + commandLine.getCommandName() + ": invalid configuration: " + ex.getMessage());
                err.flush();
                return CommandLine.ExitCode.USAGE;
            }
            err.println("carbon-ledger " + commandLine.getCommandName() + ": failed: " + describe(ex));
            if ("1".equals(environment.get(STACKTRACE_VARIABLE)) || "true".equalsIgnoreCase(environment.get(STACKTRACE_VARIABLE))) {
                ex.printStackTrace(err);
            } else {
                err.println("(" + STACKTRACE_VARIABLE + "=1 prints the stack trace)");
            }
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }
}
