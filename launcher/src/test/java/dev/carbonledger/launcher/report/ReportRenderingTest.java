package dev.carbonledger.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's CSV, Markdown and JSON renderings of a report built by hand. */
class ReportRenderingTest {
    /** Counterfactual of {@link ReportFixtures#shifted}, by hand: 387.5 + 175 + 175 + 271.875 g. */
    private static final double COUNTERFACTUAL = 1009.375;

    @Test
    void shouldPriceTheFixtureAsWorkedOutByHand() {
        assertThat(ReportFixtures.shifted("j").counterfactualGrams()).isCloseTo(COUNTERFACTUAL, within(1e-9));
        assertThat(ReportFixtures.shifted("j").savingGrams()).isCloseTo(COUNTERFACTUAL - 487.5, within(1e-9));
    }

    @Test
    void shouldWriteTheTeamsWithRawNumbersAndQuoteWhatNeedsIt() {
        String csv = ReportCsv.teams(ReportFixtures.report(List.of()));

        assertThat(csv.split("\r\n")).containsExactly(
                "team,emissions_grams,energy_joules,energy_kwh,window_grams,late_grams,window_energy_joules,"
                        + "late_energy_joules,budget_periods,budget_limit_grams,budget_spent_grams,budget_used_fraction,"
                        + "exhausted_periods",
                "research,175,1750," + plain(1750 / 3.6e6) + ",170,5,1700,50,1,120,130," + plain(130.0 / 120) + ",1",
                "\"platform, infra\",30,300," + plain(300 / 3.6e6) + ",30,0,300,0,0,0,0,,0");
    }

    @Test
    void shouldWriteTheBudgetPeriodsWithIsoTimes() {
        String csv = ReportCsv.budgets(ReportFixtures.report(List.of()));

        assertThat(csv.split("\r\n")).containsExactly(
                "team,period,tier,period_start,period_end,limit_grams,spent_grams,fraction,exhausted",
                "research,DAY,HARD,2024-03-01T00:00:00Z,2024-03-02T00:00:00Z,120,130," + plain(130.0 / 120) + ",true");
    }

    @Test
    void shouldWriteTheJobsWithEmptyCellsWhereThereIsNoValue() {
        JobRow shifted = ReportFixtures.shifted("train-42").withChart("job-train-42.svg");
        String csv = ReportCsv.jobs(ReportFixtures.report(List.of(shifted, ReportFixtures.withoutEnergy("late \"one\""))));

        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("job_id,team,zone,decision,submitted_at,recommended_start,actual_start,actual_end,"
                + "waited_seconds,pods,ledger_entries,energy_joules,as_run_grams,if_started_at_submission_grams,"
                + "saving_grams,saving_fraction,expected_saving_fraction,chart,note");
        assertThat(lines[1]).isEqualTo("train-42,research,DE,RUN_AT,2024-03-01T08:30:00Z,2024-03-01T10:00:00Z,"
                + "2024-03-01T10:00:00Z,2024-03-01T11:20:00Z,5400,2,3,6600000,487.5,"
                + plain(shifted.counterfactualGrams()) + "," + plain(shifted.savingGrams()) + ","
                + plain(shifted.savingFraction()) + ",0.4,job-train-42.svg,");
        assertThat(lines[2]).isEqualTo("\"late \"\"one\"\"\",research,DE,RUN_AT,2024-03-01T08:30:00Z,2024-03-01T10:00:00Z,"
                + ",,,1,0,,,,,,0.4,,\"no energy recorded for job late \"\"one\"\" (pods labelled"
                + " carbon-ledger.dev/job-id=late \"\"one\"\": 1)\"");
    }

    @Test
    void shouldRenderTheMarkdownWithTitleSummaryTablesNotesAndCharts() {
        JobRow shifted = ReportFixtures.shifted("train|42").withChart("job-train_42-abc.svg");
        String md = ReportMarkdown.render(ReportFixtures.report(List.of(shifted, ReportFixtures.withoutEnergy("idle_job"))));

        assertThat(md).startsWith("# Carbon savings and budget report: 2024-03-01 00:00Z – 2024-03-02 00:00Z\n");
        assertThat(md).contains("**Total 205 g CO2e, 0.000569 kWh · 1 job shifted, saving 521.875 g CO2e (51.7 %)**");
        assertThat(md).contains("| team | emissions (CO2e) | energy | budget periods | used | exhausted periods |")
                .contains("| research | 175 g | 0.000486 kWh | 1 | 108.3 % | 1 |")
                .contains("| platform, infra | 30 g | 0.0000833 kWh | 0 | – | – |");
        assertThat(md).contains("| research | day | hard | 2024-03-01 00:00Z | 120 g | 130 g | 108.3 % | **yes** |");
        assertThat(md).contains("| train\\|42 | research | DE | RUN AT | 2024-03-01 08:30Z | 2024-03-01 10:00Z | 1 h 30 min"
                + " | 487.5 g | 1.009 kg | 521.875 g (51.7 %) |");
        assertThat(md).contains("| idle\\_job | research | DE | RUN AT | 2024-03-01 08:30Z | – | – | – | – | – |");
        assertThat(md).contains("- idle\\_job: no energy recorded for job idle\\_job (pods labelled carbon-ledger.dev/job-id=idle\\_job: 1)");
        assertThat(md).contains("![power and grid intensity of job train\\|42](job-train_42-abc.svg)");
        // every table row has as many cells as its header
        for (String line : md.lines().filter(l -> l.startsWith("|")).toList()) {
            assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).as(line).isIn(7L, 9L, 11L);
        }
    }

    @Test
    void shouldWriteEveryFileAndTheSameNumbersAsJson(@TempDir Path dir) throws Exception {
        Report report = ReportFixtures.report(List.of(ReportFixtures.shifted("a/b"), ReportFixtures.withoutEnergy("c")));

        ReportFiles.Written written = ReportFiles.write(report, dir.resolve("out"));

        String chart = ReportFiles.chartName("a/b");
        assertThat(chart).matches("job-a_b-[0-9a-f]{8}\\.svg");
        assertThat(written.paths()).extracting(p -> p.getFileName().toString())
                .containsExactly("report.md", "report.json", "teams.csv", "budgets.csv", "jobs.csv", chart);
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("out/report.json")));
        assertThat(json.at("/range/from").asText()).isEqualTo("2024-03-01T00:00:00Z");
        assertThat(json.at("/range/to").asText()).isEqualTo("2024-03-02T00:00:00Z");
        assertThat(json.at("/summary/emissionsGrams").asDouble()).isEqualTo(205);
        assertThat(json.at("/summary/jobsShifted").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/savingGrams").asDouble()).isCloseTo(521.875, within(1e-9));
        assertThat(json.at("/teams/0/budget/usedFraction").asDouble()).isCloseTo(130.0 / 120, within(1e-12));
        assertThat(json.at("/teams/1/budget/usedFraction").isNull()).isTrue();
        assertThat(json.at("/jobs/0/chart").asText()).isEqualTo(chart);
        assertThat(json.at("/jobs/0/waitedSeconds").asDouble()).isEqualTo(5400);
        assertThat(json.at("/jobs/1/asRunGrams").isNull()).isTrue();
        assertThat(json.at("/jobs/1/note").asText()).startsWith("no energy recorded for job c");
    }

    @Test
    void shouldKeepChartNamesSafeAndApart() {
        assertThat(ReportFiles.chartName("train-42")).isEqualTo("job-train-42.svg");
        assertThat(ReportFiles.chartName("../etc/passwd")).doesNotContain("/").startsWith("job-.._etc_passwd-");
        assertThat(ReportFiles.chartName("a:b")).isNotEqualTo(ReportFiles.chartName("a/b"));
        assertThat(ReportFiles.chartName("x".repeat(300)).length()).isLessThan(100);
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
