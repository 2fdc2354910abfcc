package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.domain.intensity.Signal;
import dev.carbonledger.domain.window.CarbonWindows;
import dev.carbonledger.domain.window.WindowAverage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The KEDA metrics-api view of a grid zone: the intensity in effect now (the accounting signal, and each signal by
 * name) and what the held forecast says about a one-hour job: its value now, the best one-hour window from now on,
 * and {@code greenNow} = 1 when starting now is within 5 % of that best window.
 */
final class ZoneView {
    static final Duration JOB = Duration.ofHours(1);
    /** How much worse than the best window starting now may be and still count as green. */
    static final double GREEN_TOLERANCE = 0.05;

    private final PolicyState state;

    ZoneView(PolicyState state) {
        this.state = state;
    }

    ObjectNode zone(String zone, Instant now) {
        long t = now.toEpochMilli();
        ObjectNode out = Json.object();
        out.put("zone", zone);
        ObjectNode intensity = out.putObject("intensity");
        Json.putNumber(intensity, "now", state.intensityAt(zone, state.accountingSignal().signal(), t));
        intensity.put("signal", state.accountingSignal().signal().label());
        for (Signal s : Signal.values()) {
            Json.putNumber(intensity, s.label(), state.intensityAt(zone, s, t));
        }
        out.set("forecast", forecast(state.forecast(zone), t));
        return out;
    }

    private static ObjectNode forecast(Optional<HeldForecast> held, long now) {
        ObjectNode out = Json.object();
        OptionalDouble valueNow = OptionalDouble.empty();
        OptionalDouble nowAverage = OptionalDouble.empty();
        Optional<WindowAverage> best = Optional.empty();
        if (held.isPresent() && !held.get().points().isEmpty()) {
            HeldForecast f = held.get();
            long job = JOB.toMillis();
            valueNow = f.valueAt(now);
            nowAverage = CarbonWindows.averageOver(f.points(), now, now + job);
            best = CarbonWindows.best(f.points(), now, f.end() - job, job);
        }
        Json.putTime(out, "generatedAt", held.map(HeldForecast::generatedAt).orElse(null));
        Json.putNumber(out, "now", valueNow);
        Json.putTime(out, "bestStartIn1h", best.map(WindowAverage::startMillis).orElse(null));
        Json.putNumber(out, "bestAverage1h", best.map(WindowAverage::value).orElse(null));
        Json.putNumber(out, "nowAverage1h", nowAverage);
        out.put("greenNow", greenNow(nowAverage, best) ? 1 : 0);
        return out;
    }

    /**
     * Starting now is green when its one-hour average is within 5 % of the best window's. When the forecast does not
     * cover the next hour, nothing better is known: green (fail open, as {@code /v1/windows} then says to run now).
     */
    static boolean greenNow(OptionalDouble nowAverage, Optional<WindowAverage> best) {
        if (nowAverage.isEmpty() || best.isEmpty()) {
            return true;
        }
        double b = best.get().value();
        return nowAverage.getAsDouble() <= b + GREEN_TOLERANCE * Math.abs(b);
    }
}
