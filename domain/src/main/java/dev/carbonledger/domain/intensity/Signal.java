package dev.carbonledger.domain.intensity;

import java.util.Locale;

/**
 * What an intensity value measures. {@link #AVERAGE}: the average (attributional) emission rate of the grid's
 * generation mix, as Electricity Maps or UK Carbon Intensity publish it. {@link #MARGINAL}: the emission rate of the
 * generator that would answer extra load, as WattTime publishes it.
 */
public enum Signal {
    AVERAGE, MARGINAL;

    /** {@code average} or {@code marginal}, as in metric labels and configuration. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Signal parse(String value) {
        if (value != null) {
            for (Signal s : values()) {
                if (s.name().equalsIgnoreCase(value.strip())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("intensity signal must be average or marginal, got '" + value + "'");
    }
}
