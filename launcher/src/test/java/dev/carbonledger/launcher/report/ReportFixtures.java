package dev.carbonledger.launcher.report;

import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.domain.intensity.Signal;
import java.time.Instant;
import java.util.List;

/** A small report built by hand, for the rendering tests. */
final class ReportFixtures {
    static final Instant SUBMITTED = Instant.parse("2024-03-01T08:30:00Z");
    static final Instant STARTED = Instant.parse("2024-03-01T10:00:00Z");
    static final Instant ENDED = Instant.parse("2024-03-01T11:20:00Z");

    private ReportFixtures() {}

    static IntensityHistory history() {
        IntensityHistory h = new IntensityHistory(AccountingSignal.DEFAULT, 475);
        h.add("DE", Instant.parse("2024-03-01T08:00:00Z").toEpochMilli(), 400, Signal.AVERAGE);
        h.add("DE", Instant.parse("2024-03-01T09:00:00Z").toEpochMilli(), 350, Signal.AVERAGE);
        h.add("DE", Instant.parse("2024-03-01T10:00:00Z").toEpochMilli(), 150, Signal.AVERAGE);
        h.add("DE", Instant.parse("2024-03-01T11:00:00Z").toEpochMilli(), 300, Signal.AVERAGE);
        return h;
    }

    static JobDecision decision(String id, String verdict) {
        return new JobDecision(id, verdict, "lowest forecast average", SUBMITTED, STARTED, "DE", "research", 0.4);
    }

    /** A job that waited 90 minutes: two pods, a piece cut at 11:00. */
    static JobRow shifted(String id) {
        List<JobPiece> pieces = List.of(
                new JobPiece(at("10:00"), at("10:40"), 2.4e6, 150, 1.5, "DE"),
                new JobPiece(at("10:40"), at("11:00"), 1.2e6, 75, 1.5, "DE"),
                new JobPiece(at("11:00"), at("11:20"), 1.2e6, 150, 1.5, "DE"),
                new JobPiece(at("10:20"), at("11:00"), 1.8e6, 112.5, 1.5, "DE"));
        double counterfactual = Counterfactual.grams(pieces, 90 * 60_000, history());
        return new JobRow(decision(id, "RUN_AT"), "research", "DE", 2, 3, STARTED, ENDED, 6.6e6, 487.5, counterfactual,
                pieces, null, null);
    }

    static JobRow withoutEnergy(String id) {
        return new JobRow(decision(id, "RUN_AT"), "research", "DE", 1, 0, null, null, null, null, null, List.of(),
                "no energy recorded for job " + id + " (pods labelled carbon-ledger.dev/job-id=" + id + ": 1)", null);
    }

    static Report report(List<JobRow> jobs) {
        List<TeamRow> teams = List.of(
                new TeamRow("research", 170, 1700, 5, 50, 1, 120, 130, 1),
                new TeamRow("platform, infra", 30, 300, 0, 0, 0, 0, 0, 0));
        List<BudgetRow> budgets = List.of(new BudgetRow("research", "DAY", "HARD", Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-02T00:00:00Z"), 120, 130, 130.0 / 120));
        return new Report(ReportRange.parse("2024-03-01", "2024-03-01"), null, Instant.parse("2024-03-05T12:00:00Z"),
                teams, budgets, jobs, history());
    }

    static long at(String hhmm) {
        return Instant.parse("2024-03-01T" + hhmm + ":00Z").toEpochMilli();
    }
}
