package dev.carbonledger.launcher.budgets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.domain.budget.Grams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The budgets with their burn in the current period, as {@code budgets list} prints them: a table for people, or
 * JSON for tools (numbers as numbers, times ISO-8601). A budget's current status is its team's status whose period
 * contains {@code now} and has the budget's period length; without one, spend is shown as {@code -} (null in JSON).
 */
final class BudgetListing {
    static final List<String> HEADER = List.of("TEAM", "PERIOD", "LIMIT", "TIER", "THRESHOLDS", "SPENT", "USED", "BURN", "UPDATED-BY");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A budget and its status for the period that contains now, or null. */
    record Row(StoredBudget budget, BurnStatus current) {}

    private BudgetListing() {}

    /** One row per budget, in the order of the map (sorted by team). */
    static List<Row> rows(Map<String, StoredBudget> budgets, Map<String, BurnStatus> statuses, Instant now) {
        long t = now.toEpochMilli();
        List<Row> rows = new ArrayList<>(budgets.size());
        for (StoredBudget b : budgets.values()) {
            BurnStatus s = statuses.get(b.team());
            boolean current = s != null && s.period() == b.spec().period() && s.periodStart() <= t && t < s.periodEnd();
            rows.add(new Row(b, current ? s : null));
        }
        return rows;
    }

    /**
     * Lines of an aligned table. LIMIT is the budget's limit; transfers made for the current period follow in
     * parentheses ({@code 15 kg (-5 kg)}), and USED is the spend over the limit in effect with them.
     */
    static List<String> table(List<Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row r : rows) {
            BurnStatus s = r.current();
            String limit = Grams.format(r.budget().spec().limitGrams());
            if (s != null && s.transferredGrams() != 0) {
                limit += " (" + (s.transferredGrams() > 0 ? "+" : "") + Grams.format(s.transferredGrams()) + ")";
            }
            cells.add(List.of(r.budget().team(), r.budget().spec().period().label(), limit, r.budget().spec().tier().label(),
                    BudgetText.thresholds(r.budget().spec().thresholds(), ","),
                    s == null ? "-" : Grams.format(s.spentGrams()),
                    s == null ? "-" : BudgetText.percent(s.fraction()),
                    s == null ? "-" : String.format(Locale.ROOT, "%.2fx", s.burnRate()),
                    r.budget().updatedBy() == null ? "-" : r.budget().updatedBy()));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>(cells.size());
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                b.append(line.get(i));
                if (i < line.size() - 1) {
                    b.append(" ".repeat(widths[i] - line.get(i).length() + 2));
                }
            }
            lines.add(b.toString());
        }
        return lines;
    }

    /** A JSON array, one object per budget; {@code current} is null without a status for the current period. */
    static String json(List<Row> rows) {
        ArrayNode array = JSON.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("team", r.budget().team());
            o.put("period", r.budget().spec().period().label());
            o.put("limitGrams", r.budget().spec().limitGrams());
            o.put("tier", r.budget().spec().tier().label());
            ArrayNode thresholds = o.putArray("thresholds");
            r.budget().spec().thresholds().forEach(thresholds::add);
            o.put("updatedBy", r.budget().updatedBy());
            o.put("updatedAt", r.budget().updatedAt() == null ? null : r.budget().updatedAt().toString());
            BurnStatus s = r.current();
            if (s == null) {
                o.putNull("current");
                continue;
            }
            ObjectNode c = o.putObject("current");
            c.put("periodStart", Instant.ofEpochMilli(s.periodStart()).toString());
            c.put("periodEnd", Instant.ofEpochMilli(s.periodEnd()).toString());
            c.put("limitGrams", s.limitGrams());
            c.put("transferredGrams", s.transferredGrams());
            c.put("spentGrams", s.spentGrams());
            c.put("remainingGrams", s.remainingGrams());
            c.put("fraction", s.fraction());
            c.put("burnRate", s.burnRate());
            c.put("projectedExhaustion", s.projectedExhaustion() == null ? null
                    : Instant.ofEpochMilli(s.projectedExhaustion()).toString());
            c.put("asOf", Instant.ofEpochMilli(s.asOf()).toString());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the budgets as JSON", e);
        }
    }
}
