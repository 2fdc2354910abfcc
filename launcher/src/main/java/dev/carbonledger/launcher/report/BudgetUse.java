package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.BudgetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Budget use per team: for each (team, period start) the latest burn status whose period overlaps the range. The
 * status topic is compacted by team, so periods long past may already be gone from it.
 */
final class BudgetUse {
    private final ReportRange range;
    private final String onlyTeam;
    private final Map<String, Map<Instant, BudgetStatus>> latest = new HashMap<>();

    BudgetUse(ReportRange range, String onlyTeam) {
        this.range = range;
        this.onlyTeam = onlyTeam;
    }

    /** A status record; call in arrival order. */
    void status(BudgetStatus s) {
        if ((onlyTeam == null || onlyTeam.equals(s.getTeam())) && range.overlaps(s.getPeriodStart(), s.getPeriodEnd())) {
            latest.computeIfAbsent(s.getTeam(), t -> new HashMap<>()).put(s.getPeriodStart(), s);
        }
    }

    Set<String> teams() {
        return new TreeSet<>(latest.keySet());
    }

    /** Every period of every team, by team and period start. */
    List<BudgetRow> rows() {
        List<BudgetRow> rows = new ArrayList<>();
        for (String team : teams()) {
            rows.addAll(rows(team));
        }
        return rows;
    }

    /** The team's periods, by start. */
    List<BudgetRow> rows(String team) {
        return latest.getOrDefault(team, Map.of()).values().stream()
                .sorted(Comparator.comparing(BudgetStatus::getPeriodStart))
                .map(s -> new BudgetRow(s.getTeam(), s.getPeriod().name(), s.getTier().name(), s.getPeriodStart(),
                        s.getPeriodEnd(), s.getLimitGrams(), s.getSpentGrams(), s.getFraction()))
                .toList();
    }
}
