package dev.carbonledger.launcher.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the chaos run did and found; {@link #differences()} is the number the run is judged by (target zero). */
final class ChaosReport {
    private final ChaosSettings.Form form;
    private final List<Fault> faults = new ArrayList<>();
    private final List<ResultComparison.Outcome> comparisons = new ArrayList<>();
    private final List<String> exits = new ArrayList<>();
    private final List<String> harnessErrors = new ArrayList<>();
    private long recordsIn;
    private long samplesTopic;
    private long deadLettered;
    private Duration baseline = Duration.ZERO;
    private Duration faultRun = Duration.ZERO;
    private String ledger = "not checked";
    private int ledgerDifferences;
    private String collector = "not checked";
    private int collectorDifferences;
    private String counters = "not checked";
    private int counterDifferences;
    private String alerts = "not checked";
    private int alertDifferences;

    ChaosReport(ChaosSettings.Form form) {
        this.form = form;
    }

    synchronized Fault fault(String description) {
        Fault fault = new Fault(description);
        faults.add(fault);
        return fault;
    }

    synchronized void recordsIn(long n) {
        recordsIn = n;
    }

    synchronized void samplesTopic(long n) {
        samplesTopic = n;
    }

    synchronized void deadLettered(long n) {
        deadLettered = n;
    }

    synchronized void baselineTook(Duration d) {
        baseline = d;
    }

    synchronized void faultRunTook(Duration d) {
        faultRun = d;
    }

    synchronized void exited(String component, int code, String reason) {
        exits.add(component + " exited " + code + ": " + reason);
    }

    synchronized void harnessError(String error) {
        harnessErrors.add(error);
    }

    synchronized void comparison(ResultComparison.Outcome outcome) {
        comparisons.add(outcome);
    }

    synchronized void ledgerCheck(long entries, int groups, int differences, List<String> examples) {
        ledgerDifferences = differences;
        ledger = entries + " ledger entries in " + groups + " (team, model, namespace, zone) groups: " + differences
                + " running totals differ from the ledger" + (examples.isEmpty() ? "" : " " + examples);
    }

    synchronized void collectorCheck(double servedJoules, double ledgerJoules) {
        double delta = ledgerJoules - servedJoules;
        collectorDifferences = Math.abs(delta) > 0.01 ? 1 : 0;
        collector = String.format(Locale.ROOT, "Kepler served %.3f J to the collector; the ledger holds %.3f J for its "
                + "pods (%+.3f J)", servedJoules, ledgerJoules, rounded(delta, 1e-3));
    }

    synchronized void counterCheck(int series, List<String> decreased) {
        counterDifferences = decreased.size();
        counters = series + " counter series scraped before the sinks restart: " + decreased.size() + " went down"
                + (decreased.isEmpty() ? "" : " " + decreased.subList(0, Math.min(5, decreased.size())));
    }

    synchronized void alertCheck(int episodes, long posts, int missing, int unknown, int refired) {
        alertDifferences = missing + unknown + refired;
        alerts = episodes + " firing episodes on the alert topic, " + posts + " posts to Alertmanager: " + missing
                + " never notified, " + unknown + " notified that the topic never had, " + refired
                + " notified again after resolving";
    }

    /** Every difference found: rows, ledger, collector, counters, alerts, dead letters, harness errors. */
    synchronized long differences() {
        long rows = comparisons.stream().mapToLong(ResultComparison.Outcome::differences).sum();
        return rows + ledgerDifferences + collectorDifferences + counterDifferences + alertDifferences + deadLettered
                + harnessErrors.size();
    }

    synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append("chaos ").append(form.name().toLowerCase(Locale.ROOT)).append(": ").append(recordsIn)
                .append(" recorded samples; the samples topic holds ").append(samplesTopic)
                .append(" records (with the collector's); baseline ").append(seconds(baseline)).append(", fault run ")
                .append(seconds(faultRun)).append('\n');
        out.append("faults injected: ").append(faults.size()).append('\n');
        for (Fault f : faults) {
            out.append("  - ").append(f.description()).append(": recovered in ")
                    .append(f.recovery() == null ? "(not recovered)" : seconds(f.recovery()));
            if (!f.note().isEmpty()) {
                out.append("; ").append(f.note());
            }
            out.append('\n');
        }
        out.append("components that exited on their own and were restarted: ").append(exits.size()).append('\n');
        exits.forEach(e -> out.append("  - ").append(e).append('\n'));
        out.append("compared with the fault-free run:\n");
        for (ResultComparison.Outcome o : comparisons) {
            out.append(String.format(Locale.ROOT, "  - %s: %d rows, %d differences, %+.6f J and %+.6f g lost (-) or "
                    + "doubled (+)%n", o.what(), o.rows(), o.differences(), rounded(o.joulesDelta(), 1e-6),
                    rounded(o.gramsDelta(), 1e-6)));
            o.examples().forEach(e -> out.append("      ").append(e).append('\n'));
        }
        out.append("ledger: ").append(ledger).append('\n');
        out.append("collector: ").append(collector).append('\n');
        out.append("exporter: ").append(counters).append('\n');
        out.append("alerts: ").append(alerts).append('\n');
        out.append("dead-lettered records: ").append(deadLettered).append('\n');
        harnessErrors.forEach(e -> out.append("harness error: ").append(e).append('\n'));
        out.append("differences: ").append(differences()).append(differences() == 0 ? " (none: nothing lost, nothing doubled)"
                : " (see above)").append('\n');
        return out.toString();
    }

    /** 0 for what prints as zero anyway: no "-0.000" for a sum taken in another order. */
    private static double rounded(double value, double resolution) {
        return Math.abs(value) < resolution / 2 ? 0.0 : value;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
