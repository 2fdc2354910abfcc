package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.domain.budget.BudgetAlerts;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DESIGN section 5's budget outputs, from the budget status and alerts topics: the last status of every (team, period)
 * in which the team received emissions, and every (team, period, threshold) crossed, once.
 */
final class BudgetResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Period(String team, long periodStart) {}

    private record Crossing(String team, long periodStart, double threshold) {}

    private static final Comparator<Period> PERIOD_ORDER =
            Comparator.comparing(Period::team).thenComparingLong(Period::periodStart);

    private final Map<Period, BudgetStatus> statuses = new TreeMap<>(PERIOD_ORDER);
    private final TreeSet<Crossing> crossings = new TreeSet<>(Comparator.comparing(Crossing::team)
            .thenComparingLong(Crossing::periodStart).thenComparingDouble(Crossing::threshold));

    /** A status record: later ones for the same (team, period) supersede earlier ones. */
    void status(BudgetStatus s) {
        statuses.put(new Period(s.getTeam(), s.getPeriodStart().toEpochMilli()), s);
    }

    void alert(AlertEvent a) {
        if (!BudgetAlerts.THRESHOLD_CROSSED.equals(a.getAlertName()) || a.getStatus() != AlertStatus.FIRING) {
            return;
        }
        Map<String, String> labels = a.getLabels();
        crossings.add(new Crossing(labels.get("team"), Instant.parse(labels.get("period_start")).toEpochMilli(),
                Double.parseDouble(labels.get("threshold"))));
    }

    int statusRows() {
        return (int) statuses.values().stream().filter(BudgetResults::receivedEmissions).count();
    }

    int alertRows() {
        return crossings.size();
    }

    /** {@code {"team","periodStart","periodEnd","spentGrams","limitGrams","fraction"}} per (team, period), sorted. */
    void writeStatus(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (BudgetStatus s : statuses.values()) {
                if (!receivedEmissions(s)) {
                    continue;
                }
                ObjectNode row = JSON.createObjectNode();
                row.put("team", s.getTeam());
                row.put("periodStart", s.getPeriodStart().toString());
                row.put("periodEnd", s.getPeriodEnd().toString());
                row.put("spentGrams", s.getSpentGrams());
                row.put("limitGrams", s.getLimitGrams());
                row.put("fraction", s.getFraction());
                out.write(JSON.writeValueAsString(row));
                out.newLine();
            }
        }
    }

    /** {@code {"team","periodStart","threshold"}} per threshold crossed, sorted, each once. */
    void writeAlerts(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Crossing c : crossings) {
                ObjectNode row = JSON.createObjectNode();
                row.put("team", c.team());
                row.put("periodStart", Instant.ofEpochMilli(c.periodStart()).toString());
                row.put("threshold", c.threshold());
                out.write(JSON.writeValueAsString(row));
                out.newLine();
            }
        }
    }

    /** Like the window outputs: a period counts when the team's windows in it received energy. */
    private static boolean receivedEmissions(BudgetStatus s) {
        return s.getEnergyJoules() > 0;
    }
}
