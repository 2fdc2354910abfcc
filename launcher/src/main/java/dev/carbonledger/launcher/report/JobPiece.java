package dev.carbonledger.launcher.report;

/**
 * One piece of a job's measured energy, as a ledger entry records it: the interval {@code (startMillis, endMillis]},
 * its IT energy (without PUE), the grams the ledger charged for it, and the PUE and grid zone of its entry.
 */
public record JobPiece(long startMillis, long endMillis, double joules, double grams, double pue, String zone) {
    public JobPiece {
        if (endMillis <= startMillis) {
            throw new IllegalArgumentException("a piece must not be empty: (" + startMillis + ", " + endMillis + "]");
        }
    }

    public long durationMillis() {
        return endMillis - startMillis;
    }

    /** Mean IT power over the piece, in watts. */
    public double watts() {
        return joules / (durationMillis() / 1000.0);
    }
}
