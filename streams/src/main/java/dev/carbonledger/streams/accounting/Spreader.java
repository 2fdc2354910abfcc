package dev.carbonledger.streams.accounting;

import dev.carbonledger.domain.intensity.IntensityStep;
import dev.carbonledger.domain.intensity.IntensityTimeline;
import java.util.ArrayList;
import java.util.List;

/**
 * DESIGN section 4, rules 4, 7 and 9: spreads the energy of an interval (t0, t1] uniformly over time and cuts it
 * at window boundaries and at intensity changes. A piece (a, b] lies in the window starting at
 * {@code floor(a / W) * W} and uses the intensity in effect at {@code a}, which is the value on the whole open
 * interval (a, b) because every change point inside (t0, t1) is a cut.
 */
public final class Spreader {
    private Spreader() {}

    public static List<Piece> spread(long t0, long t1, double joules, double pue, long windowMillis,
                                     IntensityTimeline timeline) {
        if (t1 <= t0) {
            throw new IllegalArgumentException("interval must be non-empty: (" + t0 + ", " + t1 + "]");
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive: " + windowMillis);
        }
        List<Piece> pieces = new ArrayList<>(2);
        double length = (double) (t1 - t0);
        long a = t0;
        while (a < t1) {
            long windowStart = Windows.startOfPieceAfter(a, windowMillis);
            long windowEnd = windowStart + windowMillis;
            long nextChange = timeline.nextChangeAfter(a);
            long b = Math.min(t1, Math.min(windowEnd, nextChange));
            IntensityStep step = timeline.at(a);
            double energy = (b == t1 && a == t0) ? joules : joules * ((double) (b - a) / length);
            pieces.add(new Piece(a, b, windowStart, energy, step.gCo2ePerKwh(), step.fromMillis(),
                    Emissions.grams(energy, pue, step.gCo2ePerKwh())));
            a = b;
        }
        return pieces;
    }
}
