package dev.carbonledger.launcher.report;

import java.util.Arrays;

/**
 * A step function of time for charts: value {@code values[i]} on {@code [times[i], times[i + 1])}, so there is one
 * more time than values. Immutable.
 */
public record StepSeries(long[] times, double[] values) {
    public StepSeries {
        if (times.length != values.length + 1 && !(times.length == 0 && values.length == 0)) {
            throw new IllegalArgumentException("a step series needs one more time than values: "
                    + times.length + " times, " + values.length + " values");
        }
        times = times.clone();
        values = values.clone();
    }

    public static StepSeries empty() {
        return new StepSeries(new long[0], new double[0]);
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public int steps() {
        return values.length;
    }

    public long time(int i) {
        return times[i];
    }

    public double value(int i) {
        return values[i];
    }

    public long start() {
        return times[0];
    }

    public long end() {
        return times[times.length - 1];
    }

    public double max() {
        return Arrays.stream(values).max().orElse(0);
    }

    /** The same function, {@code millis} later (negative: earlier). */
    public StepSeries shifted(long millis) {
        long[] moved = new long[times.length];
        for (int i = 0; i < times.length; i++) {
            moved[i] = times[i] + millis;
        }
        return new StepSeries(moved, values);
    }

    /**
     * At most {@code maxSteps} steps of equal length with the mean value of each (the area, here the energy, is
     * kept); the series itself when it already has no more.
     */
    public StepSeries resampled(int maxSteps) {
        if (values.length <= maxSteps) {
            return this;
        }
        long start = start();
        long end = end();
        long[] t = new long[maxSteps + 1];
        double[] v = new double[maxSteps];
        for (int k = 0; k <= maxSteps; k++) {
            t[k] = start + Math.round((double) (end - start) * k / maxSteps);
        }
        int i = 0;
        for (int k = 0; k < maxSteps; k++) {
            double area = 0;
            while (i < values.length && times[i + 1] <= t[k]) {
                i++;
            }
            for (int j = i; j < values.length && times[j] < t[k + 1]; j++) {
                long a = Math.max(times[j], t[k]);
                long b = Math.min(times[j + 1], t[k + 1]);
                area += values[j] * (b - a);
            }
            v[k] = t[k + 1] > t[k] ? area / (t[k + 1] - t[k]) : 0;
        }
        return new StepSeries(t, v);
    }
}
