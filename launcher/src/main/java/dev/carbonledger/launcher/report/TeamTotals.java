package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LateEmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Emissions and energy per team in the range: the latest value of each hourly window whose start lies in the range
 * (a later record for the same team and window start supersedes an earlier one: windows publish running values),
 * plus every late piece whose window start lies in the range (late pieces never enter the windows).
 */
final class TeamTotals {
    private final ReportRange range;
    private final String onlyTeam;
    /** team → window start → latest value. */
    private final Map<String, Map<Instant, EmissionsWindow>> windows = new HashMap<>();
    private final Map<String, double[]> late = new HashMap<>();

    TeamTotals(ReportRange range, String onlyTeam) {
        this.range = range;
        this.onlyTeam = onlyTeam;
    }

    /** An hourly team window; call in arrival order. */
    void window(EmissionsWindow w) {
        if (range.contains(w.getWindowStart()) && wanted(w.getGroup())) {
            windows.computeIfAbsent(w.getGroup(), t -> new HashMap<>()).put(w.getWindowStart(), w);
        }
    }

    void late(LateEmission l) {
        if (range.contains(l.getWindowStart()) && wanted(l.getTeam())) {
            double[] sums = late.computeIfAbsent(l.getTeam(), t -> new double[2]);
            sums[0] += l.getCo2eGrams();
            sums[1] += l.getEnergyJoules();
        }
    }

    /** One row per team with emissions or a budget, sorted by team. */
    List<TeamRow> rows(BudgetUse budgets) {
        TreeSet<String> teams = new TreeSet<>(windows.keySet());
        teams.addAll(late.keySet());
        teams.addAll(budgets.teams());
        List<TeamRow> rows = new ArrayList<>();
        for (String team : teams) {
            double grams = 0;
            double joules = 0;
            for (EmissionsWindow w : new TreeMap<>(windows.getOrDefault(team, Map.of())).values()) {
                grams += w.getCo2eGrams();
                joules += w.getEnergyJoules();
            }
            double[] lateSums = late.getOrDefault(team, new double[2]);
            List<BudgetRow> periods = budgets.rows(team);
            rows.add(new TeamRow(team, grams, joules, lateSums[0], lateSums[1], periods.size(),
                    periods.stream().mapToDouble(BudgetRow::limitGrams).sum(),
                    periods.stream().mapToDouble(BudgetRow::spentGrams).sum(),
                    (int) periods.stream().filter(BudgetRow::exhausted).count()));
        }
        return rows;
    }

    private boolean wanted(String team) {
        return onlyTeam == null || onlyTeam.equals(team);
    }
}
