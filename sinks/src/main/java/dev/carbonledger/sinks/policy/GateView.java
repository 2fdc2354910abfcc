package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.domain.budget.BudgetGate;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BurnStatus;
import java.time.Instant;
import java.util.Set;

/**
 * The budget gate (DESIGN section 6) over the held budgets and burn status: {@code GET /v1/gate}, the same object in
 * OPA's Data API shape, and the KEDA metrics-api view of a team. A team without a budget is allowed; a status whose
 * period does not contain now is not used (a new period starts from zero).
 */
final class GateView {
    /** One evaluation of the gate, with what it was made from. */
    record Gate(String team, BudgetGate.Decision decision, BudgetSpec budget, BurnStatus status) {
        boolean allowed() {
            return decision.verdict() == BudgetGate.Verdict.ALLOW;
        }
    }

    private final PolicyState state;
    private final Set<String> criticalClasses;

    GateView(PolicyState state, Set<String> criticalClasses) {
        this.state = state;
        this.criticalClasses = Set.copyOf(criticalClasses);
    }

    /** @param workloadClass null or blank for unspecified (not critical) */
    Gate evaluate(String team, String workloadClass, Instant now) {
        long t = now.toEpochMilli();
        BudgetSpec budget = state.budget(team).orElse(null);
        BurnStatus status = state.currentStatus(team, t).orElse(null);
        BudgetGate.Decision decision = BudgetGate.decide(team, workloadClass, budget, status, criticalClasses, t);
        return new Gate(team, decision, budget, status);
    }

    /** The {@code /v1/gate} object: decision, reason, team, class, validity, inputs, budget and status. */
    static ObjectNode render(Gate gate) {
        BudgetGate.Decision d = gate.decision();
        ObjectNode out = Json.object();
        out.put("decision", d.verdict().label());
        out.put("reason", d.reason());
        out.put("team", gate.team());
        out.put("class", d.inputs().getOrDefault("class", BudgetGate.UNSPECIFIED_CLASS));
        Json.putTime(out, "validFrom", d.validFrom());
        Json.putTime(out, "validUntil", d.validUntil());
        Json.putMap(out, "inputs", d.inputs());
        if (gate.budget() == null) {
            out.putNull("budget");
        } else {
            BudgetSpec b = gate.budget();
            ObjectNode budget = out.putObject("budget");
            budget.put("team", b.team());
            budget.put("period", b.period().label());
            Json.putNumber(budget, "limitGrams", b.limitGrams());
            budget.put("tier", b.tier().label());
            b.thresholds().forEach(budget.putArray("thresholds")::add);
        }
        if (gate.status() == null) {
            out.putNull("status");
        } else {
            BurnStatus s = gate.status();
            ObjectNode status = out.putObject("status");
            Json.putTime(status, "periodStart", s.periodStart());
            Json.putTime(status, "periodEnd", s.periodEnd());
            Json.putNumber(status, "limitGrams", s.limitGrams());
            Json.putNumber(status, "spentGrams", s.spentGrams());
            Json.putNumber(status, "remainingGrams", s.remainingGrams());
            Json.putNumber(status, "fraction", s.fraction());
            Json.putNumber(status, "burnRate", s.burnRate());
            Json.putTime(status, "projectedExhaustion", s.projectedExhaustion());
        }
        return out;
    }

    /**
     * The KEDA metrics-api view of a team: numbers only where a scaler reads them ({@code allow},
     * {@code budget.remainingFraction} ...). Without a budget: allowed, nothing spent, everything remaining.
     */
    static ObjectNode renderKeda(Gate gate) {
        ObjectNode out = Json.object();
        out.put("team", gate.team());
        out.put("class", gate.decision().inputs().getOrDefault("class", BudgetGate.UNSPECIFIED_CLASS));
        out.put("allow", gate.allowed() ? 1 : 0);
        out.put("decision", gate.decision().verdict().label());
        double fraction = 0;
        double burnRate = 0;
        double remaining = 0;
        double limit = 0;
        if (gate.budget() != null) {
            limit = gate.budget().limitGrams();
            remaining = limit;
        }
        if (gate.status() != null) {
            fraction = gate.status().fraction();
            burnRate = gate.status().burnRate();
            remaining = gate.status().remainingGrams();
            limit = gate.status().limitGrams();
        }
        ObjectNode budget = out.putObject("budget");
        Json.putNumber(budget, "remainingFraction", Double.isFinite(fraction) ? Math.max(0, 1 - fraction) : 0.0);
        Json.putNumber(budget, "fraction", fraction);
        Json.putNumber(budget, "burnRate", burnRate);
        Json.putNumber(budget, "remainingGrams", remaining);
        Json.putNumber(budget, "limitGrams", limit);
        return out;
    }
}
