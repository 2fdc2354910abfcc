package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the jobs' decisions, pods and ledger entries into report rows, with the counterfactual where it applies. */
final class JobAnalysis {
    private JobAnalysis() {}

    static List<JobRow> rows(List<JobDecision> decisions, JobPods pods, JobLedger ledger, IntensityHistory history,
                             String onlyTeam) {
        List<JobRow> rows = new ArrayList<>();
        for (JobDecision d : decisions) {
            String team = d.team() != null ? d.team() : pods.team(d.jobId());
            if (onlyTeam != null && !onlyTeam.equals(team)) {
                continue;
            }
            rows.add(row(d, team, pods.pods(d.jobId()), ledger, history));
        }
        return rows;
    }

    static JobRow row(JobDecision d, String team, Set<String> podUids, JobLedger ledger, IntensityHistory history) {
        List<LedgerEntry> entries = ledger.entries(podUids);
        List<JobPiece> pieces = JobLedger.pieces(entries);
        if (pieces.isEmpty()) {
            String note = "no energy recorded for job " + d.jobId() + " (pods labelled " + JobPods.JOB_LABEL + "="
                    + d.jobId() + ": " + podUids.size() + ")";
            return new JobRow(d, team, d.zone(), podUids.size(), entries.size(), null, null, null, null, null,
                    List.of(), note, null);
        }
        double grams = entries.stream().mapToDouble(LedgerEntry::getCo2eGrams).sum();
        double joules = entries.stream().mapToDouble(LedgerEntry::getEnergyJoules).sum();
        long start = pieces.stream().mapToLong(JobPiece::startMillis).min().orElseThrow();
        long end = pieces.stream().mapToLong(JobPiece::endMillis).max().orElseThrow();
        Double counterfactual = null;
        String note = null;
        if (d.toldToWait()) {
            counterfactual = Counterfactual.grams(pieces, start - d.submittedAt().toEpochMilli(), history);
        } else {
            note = "decision " + d.verdict() + ": the gate refused the job, so it has no counterfactual";
        }
        return new JobRow(d, team, mainZone(pieces, d.zone()), podUids.size(), entries.size(), Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(end), joules, grams, counterfactual, pieces, note, null);
    }

    /** The zone where the job used the most energy (pods on several nodes may span zones). */
    static String mainZone(List<JobPiece> pieces, String fallback) {
        Map<String, Double> joules = new HashMap<>();
        pieces.forEach(p -> joules.merge(p.zone(), p.joules(), Double::sum));
        return joules.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).orElse(fallback);
    }
}
