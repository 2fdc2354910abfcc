package dev.carbonledger.launcher.budgets;

import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.EnvironmentDefaults;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code budgets} subcommand shares: where Kafka and the registry are ({@link KafkaOptions}, so the
 * {@code CARBON_LEDGER_*} variables work as everywhere), how long to wait, and the order of work. Every value is
 * checked first and all problems are printed at once, exit code 2, before any connection is made; then Kafka. A run
 * that fails (Kafka or the registry unreachable, a topic missing) prints one line and exits 1; {@code --verbose}
 * adds the stack trace.
 */
abstract class BudgetsSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to wait for Kafka and the schema registry (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--verbose", description = "Print the stack trace when the run fails")
    boolean verbose;

    /** Problems with the option values, found without any connection; empty when the command may run. */
    abstract List<String> validate();

    /** Does the work; throws {@link UsageException} for a request that cannot be carried out. */
    abstract int run(BudgetsClient budgets, PrintWriter out);

    /** Prints what {@link #validate()} found: one line each, {@code carbon-ledger budgets set: invalid value: ...}. */
    void printProblems(PrintWriter err, List<String> problems) {
        problems.forEach(p -> err.println(name() + ": invalid value: " + p));
    }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<String> problems = validate();
            List<String> settings = new ArrayList<>();
            TopicNames topics = topics(settings);
            Properties client = clientProperties(settings);
            if (timeout.isNegative() || timeout.isZero()) {
                settings.add("--timeout must be more than 0s");
            }
            // Only checks the URL and settings: the first request goes out with the first record.
            SchemaRegistryClient registry = registry(settings);
            if (!problems.isEmpty() || !settings.isEmpty()) {
                if (registry != null) {
                    registry.close();
                }
                printProblems(err, problems);
                settings.forEach(s -> err.println(name() + ": invalid value: " + s));
                return 2;
            }
            try (registry; BudgetsClient budgets = new BudgetsClient(client, topics, registry, timeout)) {
                return run(budgets, out);
            }
        } catch (UsageException e) {
            e.lines().forEach(line -> err.println(name() + ": " + line));
            return 2;
        } catch (RuntimeException e) {
            err.println(name() + ": failed: " + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code carbon-ledger budgets set}. */
    String name() {
        return spec.qualifiedName();
    }

    Instant now() {
        return Instant.now();
    }

    /** Who makes a change: the option's value, else the {@code USER} environment variable, else {@code unknown}. */
    String who(String option) {
        if (!BudgetInput.isBlank(option)) {
            return option.strip();
        }
        String user = environment("USER");
        return BudgetInput.isBlank(user) ? "unknown" : user.strip();
    }

    /** A variable of the environment the command line was given (tests give their own). */
    String environment(String name) {
        IDefaultValueProvider defaults = spec.commandLine().getDefaultValueProvider();
        return defaults instanceof EnvironmentDefaults environment ? environment.variable(name) : System.getenv(name);
    }

    private TopicNames topics(List<String> settings) {
        try {
            return kafka.topics();
        } catch (IllegalArgumentException e) {
            settings.add("--topic-prefix: " + e.getMessage());
            return null;
        }
    }

    private Properties clientProperties(List<String> settings) {
        try {
            return kafka.clientProperties();
        } catch (IllegalArgumentException e) {
            settings.add(e.getMessage());
            return null;
        }
    }

    /** A REST client whose every request is bounded by {@code --timeout} (a little more with its retries). */
    private SchemaRegistryClient registry(List<String> settings) {
        try {
            // An invalid --timeout is reported on its own; the URL is still checked.
            Duration bounded = timeout.isNegative() || timeout.isZero() ? BudgetsClient.DEFAULT_TIMEOUT : timeout;
            RestRegistryConfig base = kafka.registryConfig();
            return new RestSchemaRegistryClient(new RestRegistryConfig(base.urls(), base.username(), base.password(),
                    base.sslContext(), base.truststorePath(), base.truststorePassword(), base.keystorePath(),
                    base.keystorePassword(), min(bounded, Duration.ofSeconds(10)), min(bounded, Duration.ofSeconds(30)),
                    base.maxRetries(), base.initialBackoff(), base.maxBackoff()));
        } catch (IllegalArgumentException e) {
            settings.add("--schema-registry-url: " + e.getMessage());
            return null;
        }
    }

    /** One line an operator can act on; a timeout says where Kafka was expected. */
    private String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return BudgetText.oneLine(t.getMessage()) + " (Kafka at " + kafka.bootstrapServers
                        + " did not answer within " + seconds(timeout) + "; is it running? check --bootstrap-servers"
                        + " or CARBON_LEDGER_BOOTSTRAP_SERVERS)";
            }
        }
        String message = e.getMessage();
        return BudgetText.oneLine(message == null || message.isBlank() ? e.toString() : message);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
