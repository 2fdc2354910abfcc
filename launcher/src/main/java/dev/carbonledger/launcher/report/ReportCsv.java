package dev.carbonledger.launcher.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's tables as CSV (RFC 4180: comma separated, CRLF line ends, quoted where needed) for spreadsheets and
 * scripts: a header row, numbers unformatted in base units (grams, joules, seconds, fractions), ISO-8601 UTC times,
 * empty cells where there is no value.
 */
final class ReportCsv {
    private ReportCsv() {}

    static String teams(Report report) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("team", "emissions_grams", "energy_joules", "energy_kwh", "window_grams", "late_grams",
                "window_energy_joules", "late_energy_joules", "budget_periods", "budget_limit_grams",
                "budget_spent_grams", "budget_used_fraction", "exhausted_periods"));
        for (TeamRow t : report.teams()) {
            rows.add(List.of(t.team(), num(t.emissionsGrams()), num(t.energyJoules()), num(t.energyKwh()),
                    num(t.windowGrams()), num(t.lateGrams()), num(t.windowJoules()), num(t.lateJoules()),
                    Integer.toString(t.budgetPeriods()), num(t.budgetLimitGrams()), num(t.budgetSpentGrams()),
                    Formats.raw(t.budgetUsedFraction()), Integer.toString(t.exhaustedPeriods())));
        }
        return csv(rows);
    }

    static String budgets(Report report) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("team", "period", "tier", "period_start", "period_end", "limit_grams", "spent_grams", "fraction",
                "exhausted"));
        for (BudgetRow b : report.budgets()) {
            rows.add(List.of(b.team(), b.period(), b.tier(), Formats.iso(b.periodStart()), Formats.iso(b.periodEnd()),
                    num(b.limitGrams()), num(b.spentGrams()), num(b.fraction()), Boolean.toString(b.exhausted())));
        }
        return csv(rows);
    }

    static String jobs(Report report) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("job_id", "team", "zone", "decision", "submitted_at", "recommended_start", "actual_start",
                "actual_end", "waited_seconds", "pods", "ledger_entries", "energy_joules", "as_run_grams",
                "if_started_at_submission_grams", "saving_grams", "saving_fraction", "expected_saving_fraction",
                "chart", "note"));
        for (JobRow j : report.jobs()) {
            Duration waited = j.waited();
            rows.add(List.of(j.jobId(), nullable(j.team()), nullable(j.zone()), j.decision().verdict(),
                    Formats.iso(j.decision().submittedAt()), Formats.iso(j.decision().recommendedStart()),
                    Formats.iso(j.actualStart()), Formats.iso(j.actualEnd()),
                    waited == null ? "" : Formats.raw(waited.toMillis() / 1000.0),
                    Integer.toString(j.podsLabelled()), Integer.toString(j.entries()), Formats.raw(j.energyJoules()),
                    Formats.raw(j.asRunGrams()), Formats.raw(j.counterfactualGrams()), Formats.raw(j.savingGrams()),
                    Formats.raw(j.savingFraction()), Formats.raw(j.decision().expectedSavingFraction()),
                    nullable(j.chartFile()), nullable(j.note())));
        }
        return csv(rows);
    }

    static String csv(List<List<String>> rows) {
        StringBuilder s = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    s.append(',');
                }
                s.append(field(row.get(i)));
            }
            s.append("\r\n");
        }
        return s.toString();
    }

    static String field(String value) {
        if (value.isEmpty()) {
            return value;
        }
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                || !value.equals(value.strip());
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String num(double v) {
        return Formats.raw(v);
    }

    private static String nullable(String s) {
        return s == null ? "" : s;
    }
}
