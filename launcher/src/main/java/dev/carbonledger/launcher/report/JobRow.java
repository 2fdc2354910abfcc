package dev.carbonledger.launcher.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One job with a decision in the range. As run: what the ledger charged for its pods. If started at submission:
 * the same pieces moved back by the wait and priced at the intensity history then ({@link Counterfactual}); only for
 * RUN_AT decisions whose pods recorded energy.
 *
 * @param podsLabelled pods carrying the job label
 * @param entries      ledger entries of those pods read in the range
 * @param pieces       their pieces (for the chart; not written to the tables)
 * @param note         why numbers are missing, if they are
 * @param chartFile    the chart's file name in the output directory, if drawn
 */
public record JobRow(JobDecision decision, String team, String zone, int podsLabelled, int entries,
        Instant actualStart, Instant actualEnd, Double energyJoules, Double asRunGrams, Double counterfactualGrams,
        List<JobPiece> pieces, String note, String chartFile) {

    public JobRow {
        pieces = List.copyOf(pieces);
    }

    public String jobId() {
        return decision.jobId();
    }

    public boolean ran() {
        return actualStart != null;
    }

    public boolean hasCounterfactual() {
        return counterfactualGrams != null;
    }

    /** Actual start − submission, when it ran. */
    public Duration waited() {
        return actualStart == null ? null : Duration.between(decision.submittedAt(), actualStart);
    }

    /** Counterfactual − as run: positive when waiting saved emissions. */
    public Double savingGrams() {
        return counterfactualGrams == null ? null : counterfactualGrams - asRunGrams;
    }

    /** Saving / counterfactual. */
    public Double savingFraction() {
        return counterfactualGrams == null || counterfactualGrams == 0 ? null : savingGrams() / counterfactualGrams;
    }

    public JobRow withChart(String file) {
        return new JobRow(decision, team, zone, podsLabelled, entries, actualStart, actualEnd, energyJoules, asRunGrams,
                counterfactualGrams, pieces, note, file);
    }
}
