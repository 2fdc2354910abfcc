package dev.carbonledger.launcher.report;

import java.util.ArrayList;
import java.util.List;

/** Axis ticks a reader can take in at a glance: round values, a handful of them. */
final class Ticks {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] TIME_STEPS = {
        1_000, 5_000, 10_000, 15_000, 30_000, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
        HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY};

    private Ticks() {}

    /** A round upper bound above {@code max} (at least {@code 1}) whose fifths or so are round too. */
    static double niceStep(double max, int wanted) {
        double raw = Math.max(max, 1e-12) / wanted;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** 0, step, 2·step ... up to the first multiple ≥ max. */
    static List<Double> values(double max, int wanted) {
        double step = niceStep(max <= 0 ? 1 : max, wanted);
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; ; i++) {
            ticks.add(i * step);
            if (i * step >= max * (1 - 1e-12) && i > 0) {
                return ticks;
            }
        }
    }

    /** A step from a fixed list (1 s ... 4 weeks) giving at most {@code maxTicks} ticks over the span. */
    static long timeStep(long spanMillis, int maxTicks) {
        for (long step : TIME_STEPS) {
            if (spanMillis / step <= maxTicks) {
                return step;
            }
        }
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        while (spanMillis / step > maxTicks) {
            step *= 2;
        }
        return step;
    }

    /** The multiples of {@code step} (from the Unix epoch, so in UTC) within [from, to]. */
    static List<Long> times(long from, long to, long step) {
        List<Long> ticks = new ArrayList<>();
        for (long t = Math.floorDiv(from + step - 1, step) * step; t <= to; t += step) {
            ticks.add(t);
        }
        return ticks;
    }
}
