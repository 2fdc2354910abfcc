package dev.carbonledger.sinks.policy;

import dev.carbonledger.domain.intensity.Signal;
import dev.carbonledger.domain.window.ForecastPoint;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The current forecast of a zone as the policy server holds it: the provider's series, already mapped to the
 * domain's points (sorted, without overlaps).
 */
record HeldForecast(String zone, String provider, Signal signal, long generatedAt, List<ForecastPoint> points) {
    HeldForecast {
        points = List.copyOf(points);
    }

    /** Start of the first point; only for a forecast with points. */
    long start() {
        return points.get(0).startMillis();
    }

    /** End of the last point; only for a forecast with points. */
    long end() {
        return points.get(points.size() - 1).endMillis();
    }

    /** The value of the point that covers {@code t}, if any. */
    OptionalDouble valueAt(long t) {
        for (ForecastPoint p : points) {
            if (p.startMillis() <= t && t < p.endMillis()) {
                return OptionalDouble.of(p.value());
            }
        }
        return OptionalDouble.empty();
    }
}
