package dev.carbonledger.launcher.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Renders a comparison side by side, one column per model: a text table for people, CSV (one row per metric, numbers
 * unformatted in base units, empty where none applies) and JSON (one object per model, null where none applies).
 */
public final class ComparisonOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private ComparisonOutput() {}

    /** One metric: its label in the table, its name in CSV, its value per model (null: none applies). */
    private record Row(String label, String name, Function<ModelTotals, Number> value) {}

    private static List<Row> rows(List<ModelTotals> models) {
        List<Row> rows = new ArrayList<>(List.of(
                new Row("windows", "windows", ModelTotals::windows),
                new Row("energy (kWh)", "energy_kwh", ModelTotals::energyKwh),
                new Row("energy (J)", "energy_joules", ModelTotals::energyJoules),
                new Row("emissions E*I (g CO2e)", "emissions_grams", ModelTotals::emissionsGrams),
                new Row("embodied M (g CO2e)", "embodied_grams", ModelTotals::embodiedGrams)));
        TreeSet<String> units = new TreeSet<>();
        models.forEach(m -> units.addAll(m.units().keySet()));
        for (String unit : units) {
            rows.add(new Row("R (" + unit + ")", "functional_units_" + unit, m -> {
                ModelTotals.UnitTotals u = m.units().get(unit);
                return u == null ? null : u.functionalUnits();
            }));
            rows.add(new Row("SCI (g CO2e/" + unit + ")", "sci_grams_per_" + unit, m -> {
                ModelTotals.UnitTotals u = m.units().get(unit);
                return u == null ? null : u.sciGramsPerUnit();
            }));
        }
        return rows;
    }

    /** The text table: a title line, then one line per metric with the models as columns. */
    public static String table(CompareRange range, Map<String, ModelTotals> totals) {
        List<ModelTotals> models = List.copyOf(totals.values());
        List<Row> rows = rows(models);
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(""));
        models.forEach(m -> header.add(m.model()));
        cells.add(header);
        for (Row row : rows) {
            List<String> line = new ArrayList<>(List.of(row.label()));
            models.forEach(m -> line.add(human(row.value().apply(m))));
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder("models compared over ").append(range)
                .append(" (windows fully inside the range; SCI per unit = (sum E*I + sum M) / sum R of that unit's SCI windows)\n");
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder(pad(line.get(0), widths[0], false));
            for (int i = 1; i < line.size(); i++) {
                b.append("  ").append(pad(line.get(i), widths[i], true));
            }
            out.append(b.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** CSV: header {@code metric,<model>...}, one row per metric. */
    public static String csv(Map<String, ModelTotals> totals) {
        List<ModelTotals> models = List.copyOf(totals.values());
        StringBuilder out = new StringBuilder("metric");
        models.forEach(m -> out.append(',').append(csvCell(m.model())));
        out.append('\n');
        for (Row row : rows(models)) {
            out.append(csvCell(row.name()));
            models.forEach(m -> out.append(',').append(plain(row.value().apply(m))));
            out.append('\n');
        }
        return out.toString();
    }

    /** JSON: the range and one object per model, numbers in base units, ISO-8601 UTC times. */
    public static String json(CompareRange range, Map<String, ModelTotals> totals) {
        ObjectNode root = JSON.createObjectNode();
        root.put("from", range.from().toString());
        root.put("to", range.to().toString());
        ArrayNode array = root.putArray("models");
        for (ModelTotals m : totals.values()) {
            ObjectNode node = array.addObject();
            node.put("model", m.model());
            node.put("windows", m.windows());
            node.put("energyJoules", m.energyJoules());
            node.put("energyKwh", m.energyKwh());
            node.put("emissionsGrams", m.emissionsGrams());
            node.put("embodiedGrams", m.embodiedGrams());
            ArrayNode units = node.putArray("units");
            for (ModelTotals.UnitTotals u : m.units().values()) {
                ObjectNode unit = units.addObject();
                unit.put("unit", u.unit());
                unit.put("windows", u.windows());
                unit.put("functionalUnits", u.functionalUnits());
                unit.put("operationalGrams", u.operationalGrams());
                unit.put("embodiedGrams", u.embodiedGrams());
                unit.put("sciGramsPerUnit", u.sciGramsPerUnit());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the comparison as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Six significant digits (whole numbers from 100000 on), no exponent; {@code -} where none applies. */
    static String human(Number n) {
        if (n == null) {
            return "-";
        }
        if (n instanceof Long l) {
            return Long.toString(l);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            return "-";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal rounded = Math.abs(d) >= 100_000 ? exact.setScale(0, RoundingMode.HALF_EVEN) : exact.round(SIX_DIGITS);
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** Unformatted, full precision, no exponent; empty where none applies. */
    static String plain(Number n) {
        if (n == null) {
            return "";
        }
        if (n instanceof Long l) {
            return Long.toString(l);
        }
        double d = n.doubleValue();
        return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : "";
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String pad(String s, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - s.length()));
        return right ? spaces + s : s + spaces;
    }
}
