package dev.carbonledger.launcher.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CommandLines;
import dev.carbonledger.launcher.CommandLines.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code budgets} command line without Kafka: option values are all checked, every problem printed, exit code 2,
 * before any connection is tried. The broker address leads nowhere and the default 30 s timeout applies, so a
 * command that tried to connect would fail the per-test 10 s limit instead of answering at once.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BudgetsCliTest {
    private static final String NOWHERE = "127.0.0.1:1";
    private static final String TEAM_RULE = "is not a valid team name: 1-63 characters of letters, digits, '.', '_'"
            + " and '-', starting and ending with a letter or digit (a Kubernetes label value)";

    @TempDir
    Path dir;

    private static Run budgets(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of("budgets"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-servers", NOWHERE));
        return CommandLines.run(environment, all.toArray(String[]::new));
    }

    private static Run budgets(String... args) {
        return budgets(Map.of(), args);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void shouldRequireASubcommand() {
        Run run = CommandLines.run(Map.of(), "budgets");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("a subcommand is required: set, list, delete, import or transfer");
    }

    @Test
    void shouldOfferHelpForEverySubcommand() {
        for (String sub : List.of("set", "list", "delete", "import", "transfer")) {
            Run run = CommandLines.run(Map.of(), "budgets", sub, "--help");

            assertThat(run.exitCode()).as(sub).isZero();
            assertThat(run.out()).as(sub).contains("Usage: carbon-ledger budgets " + sub)
                    .contains("--bootstrap-servers").contains("--kafka-property").contains("--timeout");
        }
    }

    @Test
    void shouldListEveryInvalidValueOfSetAtOnceWithoutConnecting() {
        Run run = budgets("set", "--team", "Bad Team!", "--period", "fortnight", "--limit", "5", "--tier", "firm",
                "--thresholds", "0.5,lots,80%,x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(lines(run.err())).containsExactly(
                "carbon-ledger budgets set: invalid value: --team: team 'Bad Team!' " + TEAM_RULE,
                "carbon-ledger budgets set: invalid value: --period: period must be day, week or month, got 'fortnight'",
                "carbon-ledger budgets set: invalid value: --limit: '5' is not an amount of CO2e: it needs a unit: g, kg or t"
                        + " (for example 500g, 50kg, 1.5t)",
                "carbon-ledger budgets set: invalid value: --tier: tier must be hard or soft, got 'firm'",
                "carbon-ledger budgets set: invalid value: --thresholds: threshold 'lots' is not a number (use fractions"
                        + " like 0.8 or percentages like 80%)",
                "carbon-ledger budgets set: invalid value: --thresholds: threshold 'x' is not a number (use fractions"
                        + " like 0.8 or percentages like 80%)");
    }

    @Test
    void shouldRejectAZeroLimitAndThresholdsOutOfRangeOrRepeated() {
        Run run = budgets("set", "--team", "research", "--period", "day", "--limit", "0kg", "--thresholds", "0,150%,1.5,20");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(lines(run.err())).containsExactly(
                "carbon-ledger budgets set: invalid value: --limit: '0kg' is not more than 0 g",
                "carbon-ledger budgets set: invalid value: --thresholds: threshold 0.0 must be a fraction of the limit in (0, 10]",
                "carbon-ledger budgets set: invalid value: --thresholds: threshold 1.5 is listed twice",
                "carbon-ledger budgets set: invalid value: --thresholds: threshold 20.0 must be a fraction of the limit in (0, 10]");
    }

    @Test
    void shouldNameTheMissingRequiredOptions() {
        Run run = budgets("set", "--team", "research");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required options: '--period=day|week|month', '--limit=AMOUNT'");
    }

    @Test
    void shouldReportBadConnectionSettingsFromTheEnvironmentWithTheBadValues() {
        Run run = budgets(Map.of("CARBON_LEDGER_TOPIC_PREFIX", "no spaces please", "CARBON_LEDGER_TIMEOUT", "0s"),
                "set", "--team", "research", "--period", "day", "--limit", "5 kilos",
                "--schema-registry-url", "ftp://registry", "--kafka-config", dir.resolve("missing.properties").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(lines(run.err())).containsExactly(
                "carbon-ledger budgets set: invalid value: --limit: '5 kilos' is not an amount of CO2e: use a number and"
                        + " a unit, g, kg or t (for example 500g, 50kg, 1.5t)",
                "carbon-ledger budgets set: invalid value: --topic-prefix: topic prefix must be non-empty and use only"
                        + " [A-Za-z0-9._-]: 'no spaces please'",
                "carbon-ledger budgets set: invalid value: cannot read --kafka-config " + dir.resolve("missing.properties")
                        + ": " + dir.resolve("missing.properties"),
                "carbon-ledger budgets set: invalid value: --timeout must be more than 0s",
                "carbon-ledger budgets set: invalid value: --schema-registry-url: Invalid schema registry client config:"
                        + " registry url must be http(s)://host[:port][/path], was 'ftp://registry'");
    }

    @Test
    void shouldRejectAnInvalidTeamToDelete() {
        Run run = budgets("delete", "--team", "-research");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(lines(run.err())).containsExactly("carbon-ledger budgets delete: invalid value: --team: team '-research' " + TEAM_RULE);
    }

    @Test
    void shouldListEveryProblemOfATransferAtOnce() {
        Run run = budgets("transfer", "--from", "research", "--to", "research", "--amount", "-5kg", "--reason", " ");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(lines(run.err())).containsExactly(
                "carbon-ledger budgets transfer: invalid value: --to: --from and --to are both 'research': a transfer"
                        + " moves part of a budget between two teams",
                "carbon-ledger budgets transfer: invalid value: --amount: '-5kg' is not an amount of CO2e: use a number"
                        + " and a unit, g, kg or t (for example 500g, 50kg, 1.5t)",
                "carbon-ledger budgets transfer: invalid value: --reason: a reason is required, for the audit trail");
    }

    @Test
    void shouldRejectAZeroTransfer() {
        Run run = budgets("transfer", "--from", "research", "--to", "search", "--amount", "0g", "--reason", "test");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(lines(run.err())).containsExactly(
                "carbon-ledger budgets transfer: invalid value: --amount: '0g' is not more than 0 g");
    }

    @Test
    void shouldListEveryProblemOfAnImportFileUnderOneHeading() throws Exception {
        Path file = Files.writeString(dir.resolve("teams.csv"), """
                team,period,limit,tier
                research,day,5kg,hard
                search,daily,5kg,soft
                research,week,1t,
                """);

        Run run = budgets("import", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(lines(run.err())).containsExactly(
                "carbon-ledger budgets import: 2 problems in " + file + "; nothing was imported:",
                "  " + file + ":3: period: period must be day, week or month, got 'daily'",
                "  " + file + ":4: team: 'research' is listed twice: line 2 and line 4");
    }

    @Test
    void shouldRejectAFileOfAnotherFormatOrOneThatIsMissing() {
        assertThat(lines(budgets("import", "budgets.json").err())).containsExactly(
                "carbon-ledger budgets import: 1 problem in budgets.json; nothing was imported:",
                "  budgets.json: unknown format: use a .yaml, .yml or .csv file");
        Run missing = budgets("import", dir.resolve("nope.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains(dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void shouldRejectAnUnknownOutputFormat() {
        Run run = budgets("list", "--output", "xml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--output'").contains("xml");
    }

    @Test
    void shouldFailInOneLineWhenKafkaDoesNotAnswer() {
        Run run = budgets("list", "--timeout", "1s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(lines(run.err())).hasSize(1);
        assertThat(run.err()).startsWith("carbon-ledger budgets list: failed: ")
                .contains("Kafka at 127.0.0.1:1 did not answer within 1s").doesNotContain("\tat ");
    }

    @Test
    void shouldPrintTheStackTraceOfAFailureWhenVerbose() {
        Run run = budgets("set", "--team", "research", "--period", "day", "--limit", "5kg", "--timeout", "1s", "--verbose");

        assertThat(run.exitCode()).isEqualTo(1);
        // Kafka's timeouts carry no stack frames of their own: the exception is printed, class and message.
        assertThat(lines(run.err())).hasSizeGreaterThan(1);
        assertThat(run.err()).startsWith("carbon-ledger budgets set: failed: ")
                .contains("org.apache.kafka.common.errors.TimeoutException: Timeout expired while fetching topic metadata");
    }
}
