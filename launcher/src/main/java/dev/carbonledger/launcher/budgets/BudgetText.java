package dev.carbonledger.launcher.budgets;

import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.Grams;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;

/** Budgets in the words the commands print: {@code research 5 kg per day, hard, thresholds 50% 80% 100%}. */
final class BudgetText {
    private BudgetText() {}

    static String describe(BudgetSpec spec) {
        return spec.team() + " " + Grams.format(spec.limitGrams()) + " per " + spec.period().label() + ", "
                + spec.tier().label() + ", thresholds " + thresholds(spec.thresholds(), " ");
    }

    static String thresholds(List<Double> fractions, String separator) {
        return fractions.stream().map(BudgetText::percent).collect(Collectors.joining(separator));
    }

    /** {@code 0.5} → {@code 50%}, {@code 0.125} → {@code 12.5%} (at most 3 decimals). */
    static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return "-";
        }
        BigDecimal d = BigDecimal.valueOf(fraction * 100).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString() + "%";
    }

    /** A message on one line: line breaks (SnakeYAML's, nested exceptions') become single spaces. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
