package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyKind;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.domain.budget.BudgetAlerts;
import dev.carbonledger.domain.budget.BudgetGate;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.BurnEvent;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.domain.budget.Grams;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Budget burn events as the records others consume: {@link AlertEvent}s for Alertmanager (labels {@code team},
 * {@code tier}, {@code severity}, {@code period}; annotations {@code summary}, {@code description},
 * {@code runbook_url} pointing at a section of deploy/RUNBOOK.md) and {@link PolicyDecision}s for the gates.
 */
public final class BurnRecords {
    private final String runbookBaseUrl;

    public BurnRecords(String runbookBaseUrl) {
        this.runbookBaseUrl = runbookBaseUrl;
    }

    /** Subject of a team's gate decision: {@code team:<team>}, or {@code team:<team>/class:<class>} for a critical class. */
    public static String gateSubject(String team, String workloadClass) {
        return workloadClass == null ? "team:" + team : "team:" + team + "/class:" + workloadClass;
    }

    /** Severity of a threshold alert: information at half the budget, a warning from 80 % on. Paging is for fast burns. */
    static String thresholdSeverity(double threshold) {
        return threshold >= 0.8 ? "warning" : "info";
    }

    public AlertEvent thresholdCrossed(BurnEvent.ThresholdCrossed e) {
        BurnStatus s = e.status();
        String pct = percent(e.threshold());
        String summary = "Team " + s.team() + " used " + pct + " of its " + s.period().adjective() + " carbon budget";
        StringBuilder description = new StringBuilder()
                .append(s.team()).append(" has emitted ").append(Grams.format(s.spentGrams())).append(" CO2e of its ")
                .append(Grams.format(s.limitGrams())).append(' ').append(s.period().adjective()).append(" budget (")
                .append(percent(s.fraction())).append(") in the ").append(s.period().label()).append(" starting ")
                .append(Instant.ofEpochMilli(s.periodStart())).append('.');
        if (s.current()) {
            description.append(" Burn rate: ").append(String.format(Locale.ROOT, "%.1f", s.burnRate()))
                    .append("x the sustainable rate.");
            if (s.projectedExhaustion() != null) {
                description.append(" At this rate it runs out at ").append(Instant.ofEpochMilli(s.projectedExhaustion())).append('.');
            }
        }
        description.append(s.tier() == BudgetTier.HARD
                ? " Hard budget: new work of the team is denied once it is exhausted."
                : " Soft budget: once exhausted, non-critical work is deferred; critical work runs.");
        Map<String, String> labels = labels(s.team(), s.tier(), s.period(), thresholdSeverity(e.threshold()));
        labels.put("period_start", Instant.ofEpochMilli(s.periodStart()).toString());
        labels.put("threshold", threshold(e.threshold()));
        return new AlertEvent(thresholdFingerprint(s.team(), s.periodStart(), e.threshold()), BudgetAlerts.THRESHOLD_CROSSED,
                AlertStatus.FIRING, labels, annotations(summary, description.toString(), BudgetAlerts.THRESHOLD_CROSSED),
                Instant.ofEpochMilli(e.at()), null);
    }

    public AlertEvent thresholdResolved(BurnEvent.ThresholdResolved e) {
        long periodEnd = e.period().end(e.periodStart());
        Map<String, String> labels = labels(e.team(), e.tier(), e.period(), thresholdSeverity(e.threshold()));
        labels.put("period_start", Instant.ofEpochMilli(e.periodStart()).toString());
        labels.put("threshold", threshold(e.threshold()));
        String summary = "Team " + e.team() + " used " + percent(e.threshold()) + " of its " + e.period().adjective()
                + " carbon budget";
        String description = "The " + e.period().label() + " starting " + Instant.ofEpochMilli(e.periodStart())
                + " is over (or the budget changed); its threshold alert resolves.";
        return new AlertEvent(thresholdFingerprint(e.team(), e.periodStart(), e.threshold()), BudgetAlerts.THRESHOLD_CROSSED,
                AlertStatus.RESOLVED, labels, annotations(summary, description, BudgetAlerts.THRESHOLD_CROSSED),
                Instant.ofEpochMilli(e.crossedAt()), Instant.ofEpochMilli(Math.min(e.at(), periodEnd)));
    }

    public AlertEvent burnRate(BurnEvent.BurnRate e) {
        boolean fast = e.speed() == BurnEvent.Speed.FAST;
        String name = fast ? BudgetAlerts.FAST_BURN : BudgetAlerts.SLOW_BURN;
        String summary = fast
                ? "Team " + e.team() + " is burning its " + e.period().adjective() + " carbon budget fast"
                : "Team " + e.team() + " is steadily burning its " + e.period().adjective() + " carbon budget too fast";
        String description = e.firing()
                ? String.format(Locale.ROOT, "Spend of the last %s ran at %.1fx and of the last %s at %.1fx the sustainable "
                        + "rate (limit / period); the alert holds at %.1fx over both. %s", minutes(e.condition().longMillis()),
                        e.longBurn(), minutes(e.condition().shortMillis()), e.shortBurn(), e.condition().factor(),
                        fast ? "At this pace the budget is gone long before the period ends." : "Left as is, the budget runs out before the period ends.")
                : "The burn rate fell back below " + String.format(Locale.ROOT, "%.1f", e.condition().factor())
                        + "x the sustainable rate (or the budget changed).";
        return new AlertEvent(name + "|" + e.team(), name, e.firing() ? AlertStatus.FIRING : AlertStatus.RESOLVED,
                labels(e.team(), e.tier(), e.period(), fast ? "critical" : "warning"), annotations(summary, description, name),
                Instant.ofEpochMilli(e.since()), e.firing() ? null : Instant.ofEpochMilli(e.at()));
    }

    public PolicyDecision gate(BurnEvent.Gate e) {
        BudgetGate.Decision d = e.decision();
        PolicyDecision.Builder b = PolicyDecision.newBuilder()
                .setSubject(gateSubject(e.team(), e.workloadClass()))
                .setKind(PolicyKind.BUDGET_GATE)
                .setDecision(PolicyVerdict.valueOf(d.verdict().name()))
                .setReason(d.reason())
                .setValidFrom(Instant.ofEpochMilli(d.validFrom()))
                .setValidUntil(Instant.ofEpochMilli(d.validUntil()))
                .setTeam(e.team())
                .setWorkloadClass(e.workloadClass())
                .setInputs(new LinkedHashMap<>(d.inputs()));
        return b.build();
    }

    private Map<String, String> annotations(String summary, String description, String alertName) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("summary", summary);
        a.put("description", description);
        a.put("runbook_url", runbookBaseUrl + "#" + alertName.toLowerCase(Locale.ROOT));
        return a;
    }

    private static Map<String, String> labels(String team, BudgetTier tier, BudgetPeriod period, String severity) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("team", team);
        l.put("tier", tier.label());
        l.put("severity", severity);
        l.put("period", period.label());
        return l;
    }

    static String thresholdFingerprint(String team, long periodStart, double threshold) {
        return BudgetAlerts.THRESHOLD_CROSSED + "|" + team + "|" + Instant.ofEpochMilli(periodStart) + "|" + threshold(threshold);
    }

    /** A threshold as written in labels and replay output: the shortest decimal ({@code 0.5}, {@code 1.0}). */
    static String threshold(double t) {
        return Double.toString(t);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private static String minutes(long millis) {
        long m = millis / 60_000;
        return m >= 60 && m % 60 == 0 ? (m / 60) + " h" : m + " min";
    }
}
