package dev.carbonledger.streams.accounting;

/**
 * A part (start, end] of a sample interval on which the window and the intensity are constant (rules 4, 7, 9).
 *
 * @param intensityFromMillis {@code from} of the intensity record used, {@code null} when the default applied
 */
public record Piece(long startMillis, long endMillis, long windowStartMillis, double energyJoules,
                    double gCo2ePerKwh, Long intensityFromMillis, double co2eGrams) {}
