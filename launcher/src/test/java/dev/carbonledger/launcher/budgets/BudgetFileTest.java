package dev.carbonledger.launcher.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.launcher.budgets.BudgetFile.Content;
import dev.carbonledger.launcher.budgets.BudgetFile.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import files, YAML and CSV: every problem listed with its place, malformed files stopped with a clear line. */
class BudgetFileTest {
    private static final String TEAM_RULE = "is not a valid team name: 1-63 characters of letters, digits, '.', '_'"
            + " and '-', starting and ending with a letter or digit (a Kubernetes label value)";
    private static final String NEEDS_UNIT = "'5' is not an amount of CO2e: it needs a unit: g, kg or t (for example 500g, 50kg, 1.5t)";
    private static final String NOT_A_NUMBER = "threshold 'x' is not a number (use fractions like 0.8 or percentages like 80%)";
    private static final List<BudgetSpec> EXAMPLES = List.of(
            BudgetSpec.validated("research", BudgetPeriod.DAY, 5_000, BudgetTier.HARD, List.of(0.5, 0.8, 1.0)),
            BudgetSpec.validated("search", BudgetPeriod.WEEK, 120_000, BudgetTier.SOFT, List.of(0.5, 0.9, 1.0)),
            BudgetSpec.validated("recommendations", BudgetPeriod.MONTH, 1_500_000, BudgetTier.SOFT, null),
            BudgetSpec.validated("payments", BudgetPeriod.DAY, 800, BudgetTier.SOFT, List.of(0.8, 1.0)));

    @TempDir
    Path dir;

    @Test
    void shouldListEveryMistakeOfAYamlFileWithItsLineEntryAndField() throws IOException {
        Content content = BudgetFile.parse("mistakes.yaml", resource("mistakes.yaml"), Format.YAML);

        assertThat(content.problems()).map(ImportProblem::toString).containsExactly(
                "mistakes.yaml:7: entry 2: team: team 'Research Lab' " + TEAM_RULE,
                "mistakes.yaml:11: entry 3: period: period must be day, week or month, got 'fortnight'",
                "mistakes.yaml:12: entry 3: limit: " + NEEDS_UNIT,
                "mistakes.yaml:15: entry 4: limit: '0t' is not more than 0 g",
                "mistakes.yaml:16: entry 4: tier: tier must be hard or soft, got 'firm'",
                "mistakes.yaml:20: entry 5: thresholds: threshold 0.0 must be a fraction of the limit in (0, 10]",
                "mistakes.yaml:20: entry 5: thresholds: threshold 0.8 is listed twice",
                "mistakes.yaml:21: entry 6: team: 'research' is listed twice: entry 1 (line 3) and entry 6 (line 21)",
                "mistakes.yaml:24: entry 7: period: period is required",
                "mistakes.yaml:26: entry 7: unknown field 'colour' (expected team, period, limit, tier, thresholds)",
                "mistakes.yaml:27: entry 8: expected a budget (team: ..., period: ..., limit: ...), got a single value",
                "mistakes.yaml:29: entry 9: team: given twice (also on line 28)",
                "mistakes.yaml:31: entry 9: limit: expected a single value, got a list",
                "mistakes.yaml:32: entry 10: thresholds: " + NOT_A_NUMBER);
        assertThat(content.ok()).isFalse();
        assertThat(content.entries()).map(e -> e.spec().team()).containsExactly("research", "web");
    }

    @Test
    void shouldListEveryMistakeOfACsvFileWithItsLineAndColumn() throws IOException {
        Content content = BudgetFile.parse("mistakes.csv", resource("mistakes.csv"), Format.CSV);

        assertThat(content.problems()).map(ImportProblem::toString).containsExactly(
                "mistakes.csv:4: team: team 'Research Lab' " + TEAM_RULE,
                "mistakes.csv:5: period: period must be day, week or month, got 'fortnight'",
                "mistakes.csv:5: limit: " + NEEDS_UNIT,
                "mistakes.csv:6: limit: '0t' is not more than 0 g",
                "mistakes.csv:6: tier: tier must be hard or soft, got 'firm'",
                "mistakes.csv:7: thresholds: threshold 0.0 must be a fraction of the limit in (0, 10]",
                "mistakes.csv:7: thresholds: threshold 0.8 is listed twice",
                "mistakes.csv:8: team: 'research' is listed twice: line 3 and line 8",
                "mistakes.csv:9: period: period is required",
                "mistakes.csv:10: 7 values, but the header has 5 columns (separate thresholds with ';' or quote them:"
                        + " \"0.5,0.8,1\")",
                "mistakes.csv:11: thresholds: " + NOT_A_NUMBER,
                "mistakes.csv:12: team: team is required");
        assertThat(content.entries()).map(e -> e.spec().team()).containsExactly("research", "web");
    }

    @Test
    void shouldReadTheDocumentedExamplesAsTheSameBudgets() {
        Content yaml = BudgetFile.read(Path.of("..", "docs", "examples", "budgets.yaml"));
        Content csv = BudgetFile.read(Path.of("..", "docs", "examples", "budgets.csv"));

        assertThat(yaml.problems()).isEmpty();
        assertThat(csv.problems()).isEmpty();
        assertThat(yaml.entries()).map(ImportEntry::spec).containsExactlyElementsOf(EXAMPLES);
        assertThat(csv.entries()).map(ImportEntry::spec).containsExactlyElementsOf(EXAMPLES);
    }

    @Test
    void shouldAcceptATopLevelListCrLfLinesAByteOrderMarkAndColumnsInAnyOrder() throws IOException {
        Content yaml = BudgetFile.read(Files.write(dir.resolve("list.yml"),
                "\uFEFF- {team: research, period: day, limit: 5kg}\r\n- {team: search, period: Week, limit: 1 t, tier: HARD}\r\n"
                        .getBytes(StandardCharsets.UTF_8)));
        Content csv = BudgetFile.read(Files.write(dir.resolve("cols.CSV"),
                "\uFEFFlimit, Team ,period\r\n5kg,research,day\r\n 1 t ,search,Week\r\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(yaml.problems()).isEmpty();
        assertThat(csv.problems()).isEmpty();
        List<BudgetSpec> expected = List.of(BudgetSpec.of("research", BudgetPeriod.DAY, 5_000, BudgetTier.SOFT),
                BudgetSpec.of("search", BudgetPeriod.WEEK, 1_000_000, BudgetTier.SOFT));
        assertThat(yaml.entries()).map(ImportEntry::spec).containsExactly(expected.get(0),
                BudgetSpec.of("search", BudgetPeriod.WEEK, 1_000_000, BudgetTier.HARD));
        assertThat(csv.entries()).map(ImportEntry::spec).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldTakeYamlValuesAsWritten() {
        Content content = BudgetFile.parse("b.yaml", "budgets:\n  - {team: 007, period: day, limit: 5kg, thresholds: 1}\n",
                Format.YAML);

        assertThat(content.problems()).isEmpty();
        assertThat(content.entries().get(0).spec().team()).isEqualTo("007");
        assertThat(content.entries().get(0).spec().thresholds()).containsExactly(1.0);
    }

    @Test
    void shouldNameBothLinesOfATeamListedTwice() {
        Content content = BudgetFile.parse("b.csv", "team,period,limit\nresearch,day,5kg\nsearch,day,5kg\nresearch,day,5kg\n",
                Format.CSV);

        assertThat(content.problems()).map(ImportProblem::toString)
                .containsExactly("b.csv:4: team: 'research' is listed twice: line 2 and line 4");
    }

    @Test
    void shouldStopBinaryJunkAtTheFirstByteThatIsNotText() throws IOException {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        for (String name : List.of("junk.yaml", "junk.csv")) {
            Content content = BudgetFile.read(Files.write(dir.resolve(name), junk));

            assertThat(content.problems()).as(name).singleElement().satisfies(p -> {
                assertThat(p.line()).isPositive();
                assertThat(p.reason()).startsWith("not a text file: ");
            });
        }
        Content nul = BudgetFile.read(Files.writeString(dir.resolve("nul.csv"), "team,period,limit\nresearch,day,5kg\0\n"));
        assertThat(nul.problems()).map(ImportProblem::toString).containsExactly(dir.resolve("nul.csv")
                + ":2: not a text file: control character U+0000 at column 17 (import files are UTF-8 text)");
    }

    @Test
    void shouldStopAtAHugeLine() throws IOException {
        String huge = "x".repeat(3_000_000);
        Content csv = BudgetFile.read(Files.writeString(dir.resolve("huge.csv"), "team,period,limit\nresearch,day," + huge + "\n"));
        Content yaml = BudgetFile.read(Files.writeString(dir.resolve("huge.yaml"),
                "budgets:\n  - team: " + huge + "\r\n    period: day\n    limit: 5kg\n"));

        assertThat(csv.problems()).map(ImportProblem::toString).containsExactly(dir.resolve("huge.csv")
                + ":2: the line is 3000013 characters long (at most 65536): is this a budgets file?");
        assertThat(yaml.problems()).map(ImportProblem::toString).containsExactly(dir.resolve("huge.yaml")
                + ":2: the line is 3000010 characters long (at most 65536): is this a budgets file?");
    }

    @Test
    void shouldRefuseALongValueWithoutEchoingIt() {
        String longName = "x".repeat(5_000);
        Content csv = BudgetFile.parse("b.csv", "team,period,limit\nresearch,day," + longName + "\n", Format.CSV);
        Content yaml = BudgetFile.parse("b.yaml", "budgets:\n  - team: " + longName + "\n    period: day\n    limit: 5kg\n",
                Format.YAML);

        assertThat(csv.problems()).map(ImportProblem::toString)
                .containsExactly("b.csv:2: limit: the value is 5000 characters long (at most 200)");
        assertThat(yaml.problems()).map(ImportProblem::toString)
                .containsExactly("b.yaml:2: entry 1: team: the value is 5000 characters long (at most 200)");
    }

    @Test
    void shouldRefuseAFileOverTheSizeLimit() throws IOException {
        Path big = Files.write(dir.resolve("big.csv"), new byte[(int) BudgetFile.MAX_BYTES + 1]);

        assertThat(BudgetFile.read(big).problems()).map(ImportProblem::reason).containsExactly(
                "the file has 4194305 bytes; an import file may have at most 4194304 (split it)");
    }

    @Test
    void shouldReportAQuoteNeverClosedAtTheLineItOpens() {
        Content csv = BudgetFile.parse("b.csv", "team,period,limit\nresearch,day,5kg\nsearch,\"day,5kg\nads,day,1kg\n", Format.CSV);
        Content yaml = BudgetFile.parse("b.yaml", "budgets:\n  - team: \"research\n    period: day\n", Format.YAML);

        assertThat(csv.problems()).map(ImportProblem::toString)
                .containsExactly("b.csv:3: malformed CSV: a quoted value on this line is never closed (missing closing \")");
        assertThat(yaml.problems()).map(ImportProblem::toString).containsExactly("b.yaml:4: not valid YAML: found unexpected"
                + " end of stream (while scanning a quoted scalar from line 2, column 11)");
    }

    @Test
    void shouldReportMalformedYamlWithItsLine() {
        Content content = BudgetFile.parse("b.yaml", "budgets:\n- team: a\n  period: day\n  limit: 1kg\n bad: indent\n", Format.YAML);

        assertThat(content.problems()).map(ImportProblem::toString).containsExactly("b.yaml:5: not valid YAML: expected"
                + " <block end>, but found '<block mapping start>' (while parsing a block mapping from line 1, column 1)");
    }

    @Test
    void shouldExplainAFileWithoutBudgetsOrWithoutAHeader() {
        assertThat(BudgetFile.parse("e.yaml", "# nothing yet\n", Format.YAML).problems()).map(ImportProblem::toString)
                .containsExactly("e.yaml: no budgets in the file (expected 'budgets:' with a list of budgets)");
        assertThat(BudgetFile.parse("e.yaml", "teams: []\n---\nbudgets: []\n", Format.YAML).problems())
                .map(ImportProblem::toString).containsExactly(
                        "e.yaml:1: unknown key 'teams' (expected 'budgets:' with a list of budgets)",
                        "e.yaml:3: a second YAML document: put every budget in one list");
        assertThat(BudgetFile.parse("e.csv", "research,day,5kg\n", Format.CSV).problems()).map(ImportProblem::toString)
                .containsExactly("e.csv:1: the first line must be the header team,period,limit,tier,thresholds (tier and"
                        + " thresholds optional), got 'research,day,5kg'");
        assertThat(BudgetFile.parse("e.csv", "team,period,limt,colour\nresearch,day,5kg\n", Format.CSV).problems())
                .map(ImportProblem::toString).containsExactly(
                        "e.csv:1: unknown column 'limt' (expected team, period, limit, tier, thresholds)",
                        "e.csv:1: unknown column 'colour' (expected team, period, limit, tier, thresholds)",
                        "e.csv:1: the header has no 'limit' column");
    }

    @Test
    void shouldReadHundredsOfTeams() {
        StringBuilder csv = new StringBuilder("team,period,limit,tier,thresholds\n");
        for (int i = 0; i < 500; i++) {
            csv.append("team-").append(i).append(",week,").append(i + 1).append("kg,hard,\"0.5,1\"\n");
        }

        Content content = BudgetFile.parse("many.csv", csv.toString(), Format.CSV);

        assertThat(content.problems()).isEmpty();
        assertThat(content.entries()).hasSize(500);
        assertThat(content.entries().get(499).spec())
                .isEqualTo(BudgetSpec.validated("team-499", BudgetPeriod.WEEK, 500_000, BudgetTier.HARD, List.of(0.5, 1.0)));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BudgetFileTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
