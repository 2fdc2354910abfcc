package dev.carbonledger.streams.accounting;

/** DESIGN section 4, rule 7. */
public final class Emissions {
    public static final double JOULES_PER_KWH = 3.6e6;

    private Emissions() {}

    /** gCO2e = joules / 3.6e6 x PUE x intensity; {@code joules} is the measured IT energy, without PUE. */
    public static double grams(double joules, double pue, double gCo2ePerKwh) {
        return joules / JOULES_PER_KWH * pue * gCo2ePerKwh;
    }
}
