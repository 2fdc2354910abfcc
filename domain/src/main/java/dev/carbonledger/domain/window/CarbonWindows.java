package dev.carbonledger.domain.window;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Carbon-aware time shifting by the Carbon Aware SDK's rolling-average method: for a job of length {@code W}, the
 * average forecast intensity of every start time {@code dataStartAt + k * tick} (the tick is the forecast's
 * resolution, the duration of its first point) whose window ends by {@code dataEndAt}; the optimal start is the one
 * with the lowest average. A start time is only considered when the forecast covers its whole window: a window over
 * a gap in the forecast is skipped (the SDK counts a gap as zero, which would make it look clean).
 *
 * <p>Averages are time-weighted over the points each window overlaps, summed in point order. Points must be sorted
 * by start and must not overlap ({@link #normalized} makes them so).
 */
public final class CarbonWindows {
    /** More candidate start times than this in one search is a mistake (a forecast at a far finer resolution than any provider's). */
    public static final long MAX_WINDOWS = 100_000;

    private CarbonWindows() {}

    /** The points sorted by start; for points with the same start, the last one given wins. */
    public static List<ForecastPoint> normalized(List<ForecastPoint> points) {
        List<ForecastPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong(ForecastPoint::startMillis));
        List<ForecastPoint> out = new ArrayList<>(sorted.size());
        for (ForecastPoint p : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1).startMillis() == p.startMillis()) {
                out.set(out.size() - 1, p);
            } else if (!out.isEmpty() && out.get(out.size() - 1).endMillis() > p.startMillis()) {
                ForecastPoint prev = out.get(out.size() - 1);
                out.set(out.size() - 1, new ForecastPoint(prev.startMillis(), p.startMillis() - prev.startMillis(), prev.value()));
                out.add(p);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** The SDK's filter: points that reach {@code start} and begin by {@code end} ({@code t + d >= start && t <= end}). */
    public static List<ForecastPoint> within(List<ForecastPoint> points, long start, long end) {
        return points.stream().filter(p -> p.endMillis() >= start && p.startMillis() <= end).toList();
    }

    /**
     * Rolling averages over {@code windowMillis} of the windows starting at {@code start}, {@code start + tick}, ...
     * that end by {@code end}; with {@code windowMillis == 0}, the points within [start, end] themselves.
     */
    public static List<WindowAverage> rollingAverages(List<ForecastPoint> points, long start, long end, long windowMillis) {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("window must not be negative: " + windowMillis);
        }
        List<ForecastPoint> in = within(points, start, end);
        List<WindowAverage> out = new ArrayList<>();
        if (in.isEmpty()) {
            return out;
        }
        if (windowMillis == 0) {
            in.forEach(p -> out.add(new WindowAverage(p.startMillis(), p.durationMillis(), p.value())));
            return out;
        }
        long tick = in.get(0).durationMillis();
        if ((end - start) / tick > MAX_WINDOWS) {
            throw new IllegalArgumentException("a search over " + (end - start) / tick + " start times (every " + tick
                    + " ms) is too large; at most " + MAX_WINDOWS);
        }
        int first = 0;
        for (long s = start; s + windowMillis <= end && s + windowMillis > s; s += tick) {
            long e = s + windowMillis;
            while (first < in.size() && in.get(first).endMillis() <= s) {
                first++;
            }
            if (first == in.size()) {
                break;
            }
            OptionalDouble avg = average(in, first, s, e);
            if (avg.isPresent()) {
                out.add(new WindowAverage(s, windowMillis, avg.getAsDouble()));
            }
        }
        return out;
    }

    /** The window(s) with the lowest average, in time order (empty for no windows). */
    public static List<WindowAverage> optimal(List<WindowAverage> windows) {
        double min = Double.POSITIVE_INFINITY;
        for (WindowAverage w : windows) {
            min = Math.min(min, w.value());
        }
        double best = min;
        return windows.stream().filter(w -> w.value() == best).toList();
    }

    /**
     * The best start in {@code [earliestStart, latestStart]} for a job of {@code durationMillis}: the earliest of the
     * optimal rolling-average windows, or empty when the forecast covers no such window.
     */
    public static Optional<WindowAverage> best(List<ForecastPoint> points, long earliestStart, long latestStart,
                                               long durationMillis) {
        if (latestStart < earliestStart || durationMillis <= 0) {
            return Optional.empty();
        }
        List<WindowAverage> optimal = optimal(rollingAverages(points, earliestStart, latestStart + durationMillis,
                durationMillis));
        return optimal.isEmpty() ? Optional.empty() : Optional.of(optimal.get(0));
    }

    /** The time-weighted average over {@code [start, end)}, if the points cover all of it. */
    public static OptionalDouble averageOver(List<ForecastPoint> points, long start, long end) {
        if (end <= start) {
            return OptionalDouble.empty();
        }
        return average(points, 0, start, end);
    }

    private static OptionalDouble average(List<ForecastPoint> points, int from, long start, long end) {
        double weighted = 0;
        long covered = 0;
        for (int i = from; i < points.size(); i++) {
            ForecastPoint p = points.get(i);
            if (p.startMillis() >= end) {
                break;
            }
            long lo = Math.max(start, p.startMillis());
            long hi = Math.min(end, p.endMillis());
            if (hi > lo) {
                weighted += p.value() * (hi - lo);
                covered += hi - lo;
            }
        }
        long length = end - start;
        return covered == length ? OptionalDouble.of(weighted / length) : OptionalDouble.empty();
    }
}
