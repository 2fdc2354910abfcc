package dev.carbonledger.launcher.report;

import java.util.List;
import java.util.Locale;

/** {@code report.md}: the report for people, with the job charts embedded. */
final class ReportMarkdown {
    private ReportMarkdown() {}

    static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Carbon savings and budget report: ").append(Formats.time(report.range().from())).append(" – ")
                .append(Formats.time(report.range().to())).append("\n\n");
        md.append(report.team() == null ? "All teams" : "Team " + text(report.team()))
                .append(" · times in UTC, the range from inclusive to exclusive · intensity signal ")
                .append(report.intensity().accounting()).append(" · generated ").append(Formats.time(report.generatedAt()))
                .append("\n\n");
        md.append("**").append(summaryLine(report)).append("**\n\n");
        teams(md, report);
        budgets(md, report.budgets());
        jobs(md, report);
        return md.toString();
    }

    /** The one-line summary, also printed by the command. */
    static String summaryLine(Report report) {
        StringBuilder s = new StringBuilder();
        s.append("Total ").append(Formats.grams(report.emissionsGrams())).append(" CO2e, ")
                .append(Formats.kwh(report.energyKwh())).append(" · ")
                .append(report.jobsShifted()).append(report.jobsShifted() == 1 ? " job" : " jobs")
                .append(" shifted, saving ").append(Formats.grams(report.savingGrams())).append(" CO2e");
        if (report.savingFraction() != null) {
            s.append(" (").append(Formats.percent(report.savingFraction())).append(")");
        }
        return s.toString();
    }

    private static void teams(StringBuilder md, Report report) {
        md.append("## Teams\n\n");
        if (report.teams().isEmpty()) {
            md.append("No emissions and no budget status in the range.\n\n");
            return;
        }
        md.append("Emissions: the latest value of each hourly team window that starts in the range, plus the late pieces"
                + " of windows that start in it. Budget: the periods that overlap the range; used = Σ spent / Σ limit.\n\n");
        md.append("| team | emissions (CO2e) | energy | budget periods | used | exhausted periods |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (TeamRow t : report.teams()) {
            md.append("| ").append(text(t.team())).append(" | ").append(Formats.grams(t.emissionsGrams()))
                    .append(" | ").append(Formats.kwh(t.energyKwh())).append(" | ").append(t.budgetPeriods())
                    .append(" | ").append(Formats.percent(t.budgetUsedFraction())).append(" | ")
                    .append(t.budgetPeriods() == 0 ? "–" : Integer.toString(t.exhaustedPeriods())).append(" |\n");
        }
        md.append('\n');
    }

    private static void budgets(StringBuilder md, List<BudgetRow> budgets) {
        if (budgets.isEmpty()) {
            return;
        }
        md.append("## Budget periods\n\n");
        md.append("| team | period | tier | start | limit | spent | used | exhausted |\n");
        md.append("|---|---|---|---|---:|---:|---:|---|\n");
        for (BudgetRow b : budgets) {
            md.append("| ").append(text(b.team())).append(" | ").append(b.period().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(b.tier().toLowerCase(Locale.ROOT)).append(" | ").append(Formats.time(b.periodStart())).append(" | ")
                    .append(Formats.grams(b.limitGrams())).append(" | ").append(Formats.grams(b.spentGrams()))
                    .append(" | ").append(Formats.percent(b.fraction())).append(" | ")
                    .append(b.exhausted() ? "**yes**" : "no").append(" |\n");
        }
        md.append('\n');
    }

    private static void jobs(StringBuilder md, Report report) {
        md.append("## Jobs that waited for a cleaner window\n\n");
        if (report.jobs().isEmpty()) {
            md.append("No job decision (`job:<id>` on the policy topic) was made in the range.\n");
            return;
        }
        md.append("As run: what the ledger charged for the job's pods. If started at submission: the same energy"
                + " profile moved back to the submission time and priced at the zone's actual intensity history then"
                + " (same PUE). Saving = if started at submission − as run.\n\n");
        md.append("| job | team | zone | decision | submitted | started | waited | as run | if started at submission | saving |\n");
        md.append("|---|---|---|---|---|---|---:|---:|---:|---:|\n");
        for (JobRow j : report.jobs()) {
            md.append("| ").append(text(j.jobId())).append(" | ").append(text(j.team())).append(" | ")
                    .append(text(j.zone())).append(" | ").append(j.decision().verdict().replace('_', ' ')).append(" | ")
                    .append(Formats.time(j.decision().submittedAt())).append(" | ").append(Formats.time(j.actualStart()))
                    .append(" | ").append(Formats.duration(j.waited())).append(" | ")
                    .append(j.asRunGrams() == null ? "–" : Formats.grams(j.asRunGrams())).append(" | ")
                    .append(j.counterfactualGrams() == null ? "–" : Formats.grams(j.counterfactualGrams())).append(" | ")
                    .append(saving(j)).append(" |\n");
        }
        md.append('\n');
        List<JobRow> noted = report.jobs().stream().filter(j -> j.note() != null).toList();
        for (JobRow j : noted) {
            md.append("- ").append(text(j.jobId())).append(": ").append(text(j.note())).append('\n');
        }
        if (!noted.isEmpty()) {
            md.append('\n');
        }
        for (JobRow j : report.jobs()) {
            if (j.chartFile() != null) {
                md.append("### Job ").append(text(j.jobId())).append("\n\n")
                        .append("![power and grid intensity of job ").append(text(j.jobId())).append("](")
                        .append(j.chartFile()).append(")\n\n");
            }
        }
    }

    private static String saving(JobRow j) {
        if (j.savingGrams() == null) {
            return "–";
        }
        return Formats.grams(j.savingGrams()) + " (" + Formats.percent(j.savingFraction()) + ")";
    }

    /** Text from the topics, safe inside a table cell: Markdown punctuation and HTML escaped. */
    static String text(String s) {
        if (s == null) {
            return "–";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                case '\\', '|', '*', '_', '`', '[', ']', '#' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
