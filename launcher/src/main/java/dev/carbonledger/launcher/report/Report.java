package dev.carbonledger.launcher.report;

import java.time.Instant;
import java.util.List;

/**
 * Everything a report says, computed once and rendered as Markdown, CSV, JSON and charts.
 *
 * @param team         the one team the report is limited to, or null
 * @param intensity    the history the counterfactuals were priced on (for the charts)
 */
public record Report(ReportRange range, String team, Instant generatedAt, List<TeamRow> teams, List<BudgetRow> budgets,
        List<JobRow> jobs, IntensityHistory intensity) {

    public Report {
        teams = List.copyOf(teams);
        budgets = List.copyOf(budgets);
        jobs = List.copyOf(jobs);
    }

    public double emissionsGrams() {
        return teams.stream().mapToDouble(TeamRow::emissionsGrams).sum();
    }

    public double energyJoules() {
        return teams.stream().mapToDouble(TeamRow::energyJoules).sum();
    }

    public double energyKwh() {
        return energyJoules() / 3.6e6;
    }

    /** Jobs told to wait (RUN_AT) that ran: the ones with a counterfactual. */
    public long jobsShifted() {
        return jobs.stream().filter(JobRow::hasCounterfactual).count();
    }

    public double savingGrams() {
        return jobs.stream().filter(JobRow::hasCounterfactual).mapToDouble(JobRow::savingGrams).sum();
    }

    /** Σ saving / Σ counterfactual over the shifted jobs, or null without any. */
    public Double savingFraction() {
        double counterfactual = jobs.stream().filter(JobRow::hasCounterfactual).mapToDouble(JobRow::counterfactualGrams).sum();
        return counterfactual == 0 ? null : savingGrams() / counterfactual;
    }

    public Report withJobs(List<JobRow> newJobs) {
        return new Report(range, team, generatedAt, teams, budgets, newJobs, intensity);
    }
}
