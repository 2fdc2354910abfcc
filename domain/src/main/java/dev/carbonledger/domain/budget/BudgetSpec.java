package dev.carbonledger.domain.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A team's carbon budget (DESIGN section 6): a limit in grams CO2e per calendar period, a tier, and the fractions of
 * the limit whose crossing raises an alert. Built only through {@link #of} or {@link #validated}, so an instance is
 * always valid; thresholds are sorted and distinct.
 */
public record BudgetSpec(String team, BudgetPeriod period, double limitGrams, BudgetTier tier, List<Double> thresholds) {
    public static final List<Double> DEFAULT_THRESHOLDS = List.of(0.5, 0.8, 1.0);
    /** The largest threshold accepted: an alert at 10 times the limit is already past any use. */
    public static final double MAX_THRESHOLD = 10.0;
    /** Kubernetes label values, since teams come from pod labels: 1-63 of [A-Za-z0-9._-], alphanumeric at both ends. */
    private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

    public BudgetSpec {
        List<String> errors = problems(team, period, limitGrams, tier, thresholds);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        thresholds = List.copyOf(new TreeSet<>(thresholds));
    }

    /** A budget with the default thresholds (50 %, 80 %, 100 %). */
    public static BudgetSpec of(String team, BudgetPeriod period, double limitGrams, BudgetTier tier) {
        return new BudgetSpec(team, period, limitGrams, tier, DEFAULT_THRESHOLDS);
    }

    /**
     * @throws IllegalArgumentException listing every problem at once
     */
    public static BudgetSpec validated(String team, BudgetPeriod period, double limitGrams, BudgetTier tier,
                                       List<Double> thresholds) {
        return new BudgetSpec(team, period, limitGrams, tier, thresholds == null ? DEFAULT_THRESHOLDS : thresholds);
    }

    /** Every problem with these values, or an empty list. */
    public static List<String> problems(String team, BudgetPeriod period, double limitGrams, BudgetTier tier,
                                        List<Double> thresholds) {
        List<String> errors = new ArrayList<>();
        String teamProblem = teamProblem(team);
        if (teamProblem != null) {
            errors.add(teamProblem);
        }
        if (period == null) {
            errors.add("period is required (day, week or month)");
        }
        if (!(Double.isFinite(limitGrams) && limitGrams > 0)) {
            errors.add("limit must be a positive amount, got " + limitGrams + " g");
        }
        if (tier == null) {
            errors.add("tier is required (hard or soft)");
        }
        errors.addAll(thresholdProblems(thresholds));
        return errors;
    }

    /** Why a team name cannot carry a budget, or null when it can. */
    public static String teamProblem(String team) {
        if (team == null || team.isEmpty()) {
            return "team is required";
        }
        if (!TEAM.matcher(team).matches()) {
            return "team '" + printable(team) + "' is not a valid team name: 1-63 characters of letters, digits, '.', '_'"
                    + " and '-', starting and ending with a letter or digit (a Kubernetes label value)";
        }
        return null;
    }

    /** Problems with a threshold list: empty, not finite, outside (0, 10], or repeated. */
    public static List<String> thresholdProblems(List<Double> thresholds) {
        List<String> errors = new ArrayList<>();
        if (thresholds == null || thresholds.isEmpty()) {
            errors.add("thresholds must list at least one fraction of the limit, e.g. 0.5,0.8,1");
            return errors;
        }
        TreeSet<Double> seen = new TreeSet<>();
        for (Double t : thresholds) {
            if (t == null || !Double.isFinite(t) || t <= 0 || t > MAX_THRESHOLD) {
                errors.add("threshold " + t + " must be a fraction of the limit in (0, " + (int) MAX_THRESHOLD + "]");
            } else if (!seen.add(t)) {
                errors.add("threshold " + t + " is listed twice");
            }
        }
        return errors;
    }

    /**
     * Thresholds as written on a command line: {@code 0.5,0.8,1} (fractions) or {@code 50%,80%,100%}.
     *
     * @throws IllegalArgumentException naming the value that is not a number
     */
    public static List<Double> parseThresholds(String text) {
        List<Double> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split("[,;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            boolean percent = part.endsWith("%");
            String number = percent ? part.substring(0, part.length() - 1) : part;
            try {
                double v = Double.parseDouble(number);
                out.add(percent ? v / 100.0 : v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("threshold '" + part + "' is not a number (use fractions like 0.8 or percentages like 80%)");
            }
        }
        return out;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.length() > 80 ? b + "..." : b.toString();
    }

    /** A copy with another limit (a budget changed mid-period). */
    public BudgetSpec withLimit(double grams) {
        return new BudgetSpec(team, period, grams, tier, thresholds);
    }

    @Override
    public String toString() {
        return team + ": " + Grams.format(limitGrams) + " per " + period.label() + ", " + tier.label() + ", thresholds "
                + thresholds;
    }
}
