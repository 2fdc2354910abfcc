package dev.carbonledger.launcher.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code report.json}: the report's numbers for machines, in base units (grams, joules, seconds, fractions 0..1),
 * times in ISO-8601 UTC, null where a value does not apply.
 */
final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    static String render(Report report) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode range = root.putObject("range");
        range.put("from", report.range().from().toString());
        range.put("to", report.range().to().toString());
        root.put("team", report.team());
        root.put("generatedAt", report.generatedAt().toString());
        root.put("accountingSignal", report.intensity().accounting().toString());

        ObjectNode summary = root.putObject("summary");
        summary.put("emissionsGrams", report.emissionsGrams());
        summary.put("energyJoules", report.energyJoules());
        summary.put("energyKwh", report.energyKwh());
        summary.put("jobs", report.jobs().size());
        summary.put("jobsShifted", report.jobsShifted());
        summary.put("savingGrams", report.savingGrams());
        summary.put("savingFraction", report.savingFraction());

        ArrayNode teams = root.putArray("teams");
        for (TeamRow t : report.teams()) {
            ObjectNode n = teams.addObject();
            n.put("team", t.team());
            n.put("emissionsGrams", t.emissionsGrams());
            n.put("energyJoules", t.energyJoules());
            n.put("energyKwh", t.energyKwh());
            n.put("windowGrams", t.windowGrams());
            n.put("windowEnergyJoules", t.windowJoules());
            n.put("lateGrams", t.lateGrams());
            n.put("lateEnergyJoules", t.lateJoules());
            ObjectNode budget = n.putObject("budget");
            budget.put("periods", t.budgetPeriods());
            budget.put("limitGrams", t.budgetLimitGrams());
            budget.put("spentGrams", t.budgetSpentGrams());
            budget.put("usedFraction", t.budgetUsedFraction());
            budget.put("exhaustedPeriods", t.exhaustedPeriods());
        }

        ArrayNode budgets = root.putArray("budgets");
        for (BudgetRow b : report.budgets()) {
            ObjectNode n = budgets.addObject();
            n.put("team", b.team());
            n.put("period", b.period());
            n.put("tier", b.tier());
            n.put("periodStart", b.periodStart().toString());
            n.put("periodEnd", b.periodEnd().toString());
            n.put("limitGrams", b.limitGrams());
            n.put("spentGrams", b.spentGrams());
            n.put("fraction", b.fraction());
            n.put("exhausted", b.exhausted());
        }

        ArrayNode jobs = root.putArray("jobs");
        for (JobRow j : report.jobs()) {
            ObjectNode n = jobs.addObject();
            n.put("jobId", j.jobId());
            n.put("team", j.team());
            n.put("zone", j.zone());
            n.put("decision", j.decision().verdict());
            n.put("reason", j.decision().reason());
            n.put("submittedAt", iso(j.decision().submittedAt()));
            n.put("recommendedStart", iso(j.decision().recommendedStart()));
            n.put("expectedSavingFraction", j.decision().expectedSavingFraction());
            n.put("podsLabelled", j.podsLabelled());
            n.put("ledgerEntries", j.entries());
            n.put("actualStart", iso(j.actualStart()));
            n.put("actualEnd", iso(j.actualEnd()));
            Duration waited = j.waited();
            n.put("waitedSeconds", waited == null ? null : waited.toMillis() / 1000.0);
            n.put("energyJoules", j.energyJoules());
            n.put("asRunGrams", j.asRunGrams());
            n.put("ifStartedAtSubmissionGrams", j.counterfactualGrams());
            n.put("savingGrams", j.savingGrams());
            n.put("savingFraction", j.savingFraction());
            n.put("chart", j.chartFile());
            n.put("note", j.note());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
