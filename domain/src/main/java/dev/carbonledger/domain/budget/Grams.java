package dev.carbonledger.domain.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Amounts of CO2e as operators write them: {@code 500g}, {@code 50kg}, {@code 1.5t} (tonnes), and back. */
public final class Grams {
    private static final Pattern AMOUNT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\\s*(g|kg|t)",
            Pattern.CASE_INSENSITIVE);

    private Grams() {}

    /**
     * Grams of an amount with its unit.
     *
     * @throws IllegalArgumentException with an example of the expected form
     */
    public static double parse(String value) {
        String text = value == null ? "" : value.strip();
        Matcher m = AMOUNT.matcher(text);
        if (!m.matches()) {
            String hint = text.matches("[-+]?[0-9.]+([eE][+-]?[0-9]+)?")
                    ? "it needs a unit: g, kg or t" : "use a number and a unit, g, kg or t";
            throw new IllegalArgumentException("'" + text + "' is not an amount of CO2e: " + hint
                    + " (for example 500g, 50kg, 1.5t)");
        }
        double number = Double.parseDouble(m.group(1));
        double grams = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "g" -> number;
            case "kg" -> number * 1_000;
            default -> number * 1_000_000;
        };
        if (!Double.isFinite(grams)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return grams;
    }

    /** A readable amount: {@code 850 g}, {@code 12.5 kg}, {@code 3.2 t} (at most 3 decimals, no trailing zeros). */
    public static String format(double grams) {
        if (!Double.isFinite(grams)) {
            return grams + " g";
        }
        double abs = Math.abs(grams);
        if (abs >= 1_000_000) {
            return decimal(grams / 1_000_000) + " t";
        }
        if (abs >= 1_000) {
            return decimal(grams / 1_000) + " kg";
        }
        return decimal(grams) + " g";
    }

    private static String decimal(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
