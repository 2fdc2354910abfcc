package dev.carbonledger.streams.sci;

import dev.carbonledger.streams.accounting.Windows;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads the functional units counted over an interval (t0, t1] uniformly over time and cuts them at window
 * boundaries, as rule 4 does for energy, so that the units of a window are exact sums whatever the scrape interval.
 */
public final class UnitSpreader {
    /** Units of one interval that fall into the window starting at {@code windowStartMillis}. */
    public record UnitPiece(long windowStartMillis, double units) {}

    private UnitSpreader() {}

    public static List<UnitPiece> spread(long t0, long t1, double units, long windowMillis) {
        if (t1 <= t0) {
            throw new IllegalArgumentException("interval must be non-empty: (" + t0 + ", " + t1 + "]");
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive: " + windowMillis);
        }
        List<UnitPiece> pieces = new ArrayList<>(2);
        double length = (double) (t1 - t0);
        long a = t0;
        while (a < t1) {
            long windowStart = Windows.startOfPieceAfter(a, windowMillis);
            long b = Math.min(t1, windowStart + windowMillis);
            double share = (a == t0 && b == t1) ? units : units * ((double) (b - a) / length);
            pieces.add(new UnitPiece(windowStart, share));
            a = b;
        }
        return pieces;
    }
}
