package dev.carbonledger.streams.accounting;

/** Tumbling windows aligned to the Unix epoch (rule 9). Times in epoch millis. */
public final class Windows {
    private Windows() {}

    /** Start of the window of length {@code sizeMillis} that contains the instant just after {@code t}. */
    public static long startOfPieceAfter(long t, long sizeMillis) {
        return Math.floorDiv(t, sizeMillis) * sizeMillis;
    }

    /** {@code a + b}, saturating at {@link Long#MAX_VALUE} instead of overflowing. */
    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
