package dev.carbonledger.launcher.standalone;

import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.Grams;
import dev.carbonledger.launcher.budgets.BudgetsClient;
import dev.carbonledger.launcher.budgets.StoredBudget;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Budgets for the SIMULATED demo fleet's teams, so that gates and alerts show life within minutes of a first start:
 * research's small hard budget is exhausted in a few minutes (its gate denies, a fast burn pages), search's small soft
 * budget crosses 50 % and 80 % and then defers non-critical work, payments and recommendations stay well within.
 * A team that already has a budget keeps it: an operator's changes survive restarts.
 */
final class DemoBudgets {
    static final String SET_BY = "standalone-demo";
    static final List<BudgetSpec> BUDGETS = List.of(
            BudgetSpec.of("research", BudgetPeriod.DAY, 10, BudgetTier.HARD),
            BudgetSpec.of("search", BudgetPeriod.DAY, 25, BudgetTier.SOFT),
            BudgetSpec.of("recommendations", BudgetPeriod.DAY, 5_000, BudgetTier.HARD),
            BudgetSpec.of("payments", BudgetPeriod.DAY, 50_000, BudgetTier.SOFT));

    private DemoBudgets() {}

    static void ensure(Properties client, TopicNames topics, SchemaRegistryClient registry, PrintWriter out) {
        try (BudgetsClient budgets = new BudgetsClient(client, topics, registry)) {
            Map<String, StoredBudget> existing = budgets.readBudgets();
            List<String> set = new ArrayList<>();
            for (BudgetSpec spec : BUDGETS) {
                if (!existing.containsKey(spec.team())) {
                    budgets.set(spec, SET_BY, Instant.now());
                    set.add(spec.team() + " " + Grams.format(spec.limitGrams()) + "/" + spec.period().label() + " "
                            + spec.tier().label());
                }
            }
            if (!set.isEmpty()) {
                out.printf("Demo budgets      %s (set now; carbon-ledger budgets list)%n", String.join(", ", set));
            } else {
                out.printf("Demo budgets      kept as they are (carbon-ledger budgets list)%n");
            }
            out.flush();
        }
    }
}
