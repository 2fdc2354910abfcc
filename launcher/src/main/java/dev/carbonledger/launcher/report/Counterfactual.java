package dev.carbonledger.launcher.report;

import dev.carbonledger.domain.intensity.IntensityTimeline;
import java.util.List;

/**
 * What a job would have emitted had it started when it was submitted: the same energy profile, moved back in time
 * by the wait, priced at the intensity history of each piece's zone at the moved time with the piece's PUE. A moved
 * piece is cut where the intensity changes and its energy spread uniformly over it, as the ledger does (DESIGN
 * section 4, rules 4, 5 and 7): a part {@code (a, b]} uses the value in effect at {@code a}, and
 * grams = joules / 3.6e6 × PUE × intensity.
 */
public final class Counterfactual {
    private static final double JOULES_PER_KWH = 3.6e6;

    private Counterfactual() {}

    /**
     * @param shiftMillis how much earlier the job would have run: actual start − submission
     */
    public static double grams(List<JobPiece> pieces, long shiftMillis, IntensityHistory history) {
        double grams = 0;
        for (JobPiece piece : pieces) {
            grams += grams(piece, shiftMillis, history.timeline(piece.zone()));
        }
        return grams;
    }

    /** One piece, moved {@code shiftMillis} earlier and priced on {@code timeline}. */
    public static double grams(JobPiece piece, long shiftMillis, IntensityTimeline timeline) {
        long start = piece.startMillis() - shiftMillis;
        long end = piece.endMillis() - shiftMillis;
        double length = end - start;
        double grams = 0;
        long a = start;
        while (a < end) {
            long b = Math.min(end, timeline.nextChangeAfter(a));
            double joules = (a == start && b == end) ? piece.joules() : piece.joules() * ((b - a) / length);
            grams += joules / JOULES_PER_KWH * piece.pue() * timeline.at(a).gCo2ePerKwh();
            a = b;
        }
        return grams;
    }
}
