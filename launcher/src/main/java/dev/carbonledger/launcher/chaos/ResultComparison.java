package dev.carbonledger.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Two sets of replay output rows compared key by key: rows missing or extra, values that differ, and the joules and
 * grams the faulty run lost or counted twice overall.
 */
final class ResultComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sums taken in another order differ in the last bits; anything above this is a real difference. */
    private static final double RELATIVE = 1e-9;
    private static final double ABSOLUTE = 1e-6;

    record Outcome(String what, int rows, int differences, double joulesDelta, double gramsDelta, List<String> examples) {
        boolean clean() {
            return differences == 0;
        }
    }

    private ResultComparison() {}

    /**
     * @param keyFields   fields naming a row (e.g. team, windowStart)
     * @param valueFields numeric fields that must agree (the first two, when named energyJoules / co2eGrams or
     *                    spentGrams, also add up into the deltas)
     * @param include     rows taking part (the collector's own team is checked separately)
     */
    static Outcome compare(String what, Path expected, Path actual, List<String> keyFields, List<String> valueFields,
            Predicate<JsonNode> include) throws IOException {
        Map<String, JsonNode> want = rows(expected, keyFields, include);
        Map<String, JsonNode> got = rows(actual, keyFields, include);
        int differences = 0;
        double joules = 0;
        double grams = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : want.entrySet()) {
            JsonNode other = got.get(e.getKey());
            if (other == null) {
                differences++;
                joules -= number(e.getValue(), "energyJoules");
                grams -= number(e.getValue(), "co2eGrams") + number(e.getValue(), "spentGrams");
                example(examples, "missing " + e.getKey() + " " + e.getValue());
                continue;
            }
            for (String field : valueFields) {
                double a = number(e.getValue(), field);
                double b = number(other, field);
                if (Math.abs(a - b) > ABSOLUTE + RELATIVE * Math.abs(a)) {
                    differences++;
                    example(examples, e.getKey() + " " + field + " expected " + a + " got " + b);
                }
            }
            joules += number(other, "energyJoules") - number(e.getValue(), "energyJoules");
            grams += number(other, "co2eGrams") - number(e.getValue(), "co2eGrams")
                    + number(other, "spentGrams") - number(e.getValue(), "spentGrams");
        }
        for (Map.Entry<String, JsonNode> e : got.entrySet()) {
            if (!want.containsKey(e.getKey())) {
                differences++;
                joules += number(e.getValue(), "energyJoules");
                grams += number(e.getValue(), "co2eGrams") + number(e.getValue(), "spentGrams");
                example(examples, "extra " + e.getKey() + " " + e.getValue());
            }
        }
        return new Outcome(what, want.size(), differences, joules, grams, examples);
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 5) {
            examples.add(text);
        }
    }

    private static double number(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || !value.isNumber() ? 0 : value.asDouble();
    }

    private static Map<String, JsonNode> rows(Path file, List<String> keyFields, Predicate<JsonNode> include)
            throws IOException {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return rows;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            if (!include.test(row)) {
                continue;
            }
            StringBuilder key = new StringBuilder();
            for (String field : keyFields) {
                key.append(field).append('=').append(row.path(field).asText()).append(' ');
            }
            rows.put(key.toString().strip(), row);
        }
        return rows;
    }
}
