package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.Grams;
import java.util.ArrayList;
import java.util.List;

/**
 * A budget as an operator writes it, on the command line or in a row of an import file: text values, checked
 * field by field so that every problem is reported at once, each with the field it is about. Values are stripped;
 * a blank value counts as not given: required for team, period and limit, the default for tier ({@code soft}) and
 * thresholds (50 %, 80 %, 100 %).
 */
final class BudgetInput {
    /** Longer values are refused before they are parsed, so that no message echoes a megabyte of input. */
    static final int MAX_VALUE_LENGTH = 200;

    /** Why the value of one field cannot be used. */
    record FieldProblem(String field, String reason) {}

    /** The budget, or null with the problems that prevent it. */
    record Parsed(BudgetSpec spec, List<FieldProblem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private BudgetInput() {}

    /**
     * @param thresholds the thresholds as written, or null for the defaults; each item holds one or more fractions
     *     ({@code 0.8}) or percentages ({@code 80%}) separated by commas, semicolons or spaces
     */
    static Parsed parse(String team, String period, String limit, String tier, List<String> thresholds) {
        List<FieldProblem> problems = new ArrayList<>();
        String teamValue = text("team", team, problems);
        if (teamValue != null) {
            String problem = BudgetSpec.teamProblem(teamValue);
            if (problem != null) {
                problems.add(new FieldProblem("team", problem));
            }
        } else if (isBlank(team)) {
            problems.add(new FieldProblem("team", "team is required"));
        }
        BudgetPeriod periodValue = required("period", period, problems, BudgetPeriod::parse);
        Double limitValue = required("limit", limit, problems, BudgetInput::limit);
        BudgetTier tierValue = isBlank(tier) ? BudgetTier.SOFT : required("tier", tier, problems, BudgetTier::parse);
        List<Double> thresholdValues = thresholds(thresholds, problems);
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        try {
            return new Parsed(BudgetSpec.validated(teamValue, periodValue, limitValue, tierValue, thresholdValues), List.of());
        } catch (IllegalArgumentException e) {
            // Every rule is checked above; this only guards against a rule added to BudgetSpec alone.
            return new Parsed(null, List.of(new FieldProblem("budget", e.getMessage())));
        }
    }

    /** The value of a required amount of CO2e (a limit, a transfer's amount): more than 0 g. */
    static double positiveAmount(String field, String value, List<FieldProblem> problems) {
        Double grams = required(field, value, problems, BudgetInput::limit);
        return grams == null ? Double.NaN : grams;
    }

    private static double limit(String value) {
        double grams = Grams.parse(value);
        if (grams <= 0) {
            throw new IllegalArgumentException("'" + value + "' is not more than 0 g");
        }
        return grams;
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T required(String field, String value, List<FieldProblem> problems, Parser<T> parser) {
        if (isBlank(value)) {
            problems.add(new FieldProblem(field, field + " is required"));
            return null;
        }
        String text = text(field, value, problems);
        if (text == null) {
            return null;
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, e.getMessage()));
            return null;
        }
    }

    private static List<Double> thresholds(List<String> items, List<FieldProblem> problems) {
        if (items == null) {
            return BudgetSpec.DEFAULT_THRESHOLDS;
        }
        List<Double> values = new ArrayList<>();
        int before = problems.size();
        for (String item : items) {
            String text = text("thresholds", item, problems);
            if (text == null) {
                if (isBlank(item)) {
                    problems.add(new FieldProblem("thresholds", "a threshold is empty"));
                }
                continue;
            }
            for (String part : text.split("[,;\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                try {
                    values.addAll(BudgetSpec.parseThresholds(part));
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("thresholds", e.getMessage()));
                }
            }
        }
        if (problems.size() == before) {
            for (String problem : BudgetSpec.thresholdProblems(values)) {
                problems.add(new FieldProblem("thresholds", problem));
            }
        }
        return values;
    }

    /** The stripped value, or null when it is blank or too long (the latter reported). */
    private static String text(String field, String value, List<FieldProblem> problems) {
        if (isBlank(value)) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_VALUE_LENGTH) {
            problems.add(new FieldProblem(field, "the value is " + stripped.length() + " characters long (at most "
                    + MAX_VALUE_LENGTH + ")"));
            return null;
        }
        return stripped;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
