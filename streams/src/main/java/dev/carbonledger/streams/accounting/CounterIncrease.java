package dev.carbonledger.streams.accounting;

/**
 * DESIGN section 4, rules 1 to 3: what one new sample of a series means given the series' last accepted sample.
 */
public final class CounterIncrease {

    /** The verdict on one sample. */
    public sealed interface Outcome permits Ignored, Baseline, Interval {}

    /** Rule 1: not later than the latest accepted sample (duplicate or out of order); nothing changes. */
    public record Ignored(SeriesState latest) implements Outcome {}

    /** Rule 2: the first accepted sample of a series attributes no energy. */
    public record Baseline(SeriesState state) implements Outcome {}

    /** Rule 3: an accepted sample after another one; {@code joules} is spread over (start, end]. */
    public record Interval(long startMillis, long endMillis, double joules, boolean counterReset, SeriesState state)
            implements Outcome {}

    private CounterIncrease() {}

    /**
     * @param latest the series' latest accepted sample, or {@code null} for a series never seen (or expired)
     * @param timestampMillis the new sample's time
     * @param counterJoules the new sample's cumulative counter, finite and {@code >= 0}
     */
    public static Outcome apply(SeriesState latest, long timestampMillis, double counterJoules) {
        SeriesState next = new SeriesState(timestampMillis, counterJoules);
        if (latest == null) {
            return new Baseline(next);
        }
        if (timestampMillis <= latest.timestampMillis()) {
            return new Ignored(latest);
        }
        boolean reset = counterJoules < latest.counterJoules();
        double joules = reset ? counterJoules : counterJoules - latest.counterJoules();
        return new Interval(latest.timestampMillis(), timestampMillis, joules, reset, next);
    }
}
