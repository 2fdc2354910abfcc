package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.domain.window.CarbonWindows;
import dev.carbonledger.domain.window.WindowAverage;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code GET /v1/windows}: when should a job of a given duration start in a zone to emit least, given a deadline
 * and optionally a maximum delay (DESIGN section 6: carbon-aware windows)? The best start is the earliest of the
 * lowest rolling averages of the current forecast ({@link CarbonWindows#best}) between the earliest start
 * ({@code from}, default now; never before now) and the latest start ({@code deadline - duration}, and
 * {@code from + maxDelay} when given). Whenever nothing better is known (no forecast, no covered window, no time
 * left), the answer is to run now: 200 with {@code recommendedStart} = the earliest start and the reason.
 * {@code carbon-ledger wait-for-window} reads these field names.
 */
final class WindowView {
    private final PolicyState state;
    private final Duration maxWindowSearch;

    WindowView(PolicyState state, Duration maxWindowSearch) {
        this.state = state;
        this.maxWindowSearch = maxWindowSearch;
    }

    /** The parsed and checked parameters of one request. */
    record Ask(String zone, Duration duration, Instant deadline, Duration maxDelay, Instant from) {}

    /** @throws ApiException 400 for missing or unparseable parameters, a deadline in the past, a duration <= 0 */
    static Ask parse(QueryParams query, Instant now) {
        String zone = query.required("zone", "the grid zone whose forecast to search, e.g. zone=DE");
        Duration duration = ParamValues.duration("duration", query.required("duration",
                "the job's expected run time, e.g. duration=4h"));
        Instant deadline = ParamValues.instant("deadline", query.required("deadline",
                "the RFC 3339 time by which the job must have finished, e.g. deadline=2026-03-02T06:00:00Z"));
        Duration maxDelay = query.first("maxDelay").map(v -> ParamValues.duration("maxDelay", v)).orElse(null);
        Instant from = query.first("from").map(v -> ParamValues.instant("from", v)).orElse(now);
        if (duration.isZero() || duration.isNegative()) {
            throw ApiException.badRequest("duration must be positive, got '" + duration + "'");
        }
        if (!deadline.isAfter(now)) {
            throw ApiException.badRequest("deadline must be in the future, got '" + deadline + "' (now is '" + now + "')");
        }
        if (maxDelay != null && maxDelay.isNegative()) {
            throw ApiException.badRequest("maxDelay must not be negative, got '" + maxDelay + "'");
        }
        if (!from.isBefore(deadline)) {
            throw ApiException.badRequest("from must be before deadline, got from '" + from + "' and deadline '"
                    + deadline + "'");
        }
        return new Ask(zone, duration, deadline, maxDelay, from);
    }

    ObjectNode window(QueryParams query, Instant now) {
        return window(parse(query, now), now);
    }

    ObjectNode window(Ask ask, Instant now) {
        long t = now.toEpochMilli();
        long job = ask.duration().toMillis();
        long earliest = Math.max(ask.from().toEpochMilli(), t);
        long byDeadline = ask.deadline().toEpochMilli() - job;
        long horizon = earliest + maxWindowSearch.toMillis();
        long latest = Math.min(byDeadline, horizon);
        if (ask.maxDelay() != null) {
            latest = Math.min(latest, ask.from().toEpochMilli() + ask.maxDelay().toMillis());
        }
        Optional<HeldForecast> forecast = state.forecast(ask.zone()).filter(f -> !f.points().isEmpty());

        Optional<WindowAverage> best = Optional.empty();
        Optional<WindowAverage> beforeDeadline = Optional.empty();
        OptionalDouble nowAverage = OptionalDouble.empty();
        OptionalDouble earliestAverage = OptionalDouble.empty();
        if (forecast.isPresent()) {
            var points = forecast.get().points();
            best = CarbonWindows.best(points, earliest, latest, job);
            beforeDeadline = CarbonWindows.best(points, earliest, Math.min(byDeadline, horizon), job);
            nowAverage = CarbonWindows.averageOver(points, t, t + job);
            earliestAverage = CarbonWindows.averageOver(points, earliest, earliest + job);
        }
        long start = best.map(WindowAverage::startMillis).orElse(earliest);
        OptionalDouble expected = best.isPresent() ? OptionalDouble.of(best.get().value()) : earliestAverage;

        ObjectNode out = Json.object();
        out.put("zone", ask.zone());
        out.put("duration", ask.duration().toString());
        out.put("deadline", ask.deadline().toString());
        if (ask.maxDelay() == null) {
            out.putNull("maxDelay");
        } else {
            out.put("maxDelay", ask.maxDelay().toString());
        }
        out.put("now", now.toString());
        Json.putTime(out, "recommendedStart", start);
        Json.putNumber(out, "expectedGCo2ePerKwh", expected);
        Json.putNumber(out, "nowGCo2ePerKwh", nowAverage);
        Json.putNumber(out, "expectedSavingFraction", saving(expected, nowAverage));
        if (beforeDeadline.isPresent()) {
            ObjectNode b = out.putObject("bestBeforeDeadline");
            Json.putTime(b, "start", beforeDeadline.get().startMillis());
            Json.putNumber(b, "value", beforeDeadline.get().value());
        } else {
            out.putNull("bestBeforeDeadline");
        }
        Json.putTime(out, "forecastGeneratedAt", forecast.map(HeldForecast::generatedAt).orElse(null));
        out.put("reason", reason(ask, forecast, best, beforeDeadline, expected, nowAverage, earliest, latest,
                byDeadline, horizon, t));
        return out;
    }

    private static Double saving(OptionalDouble expected, OptionalDouble now) {
        if (expected.isEmpty() || now.isEmpty() || now.getAsDouble() <= 0) {
            return null;
        }
        return 1 - expected.getAsDouble() / now.getAsDouble();
    }

    private static String reason(Ask ask, Optional<HeldForecast> forecast, Optional<WindowAverage> best,
                                 Optional<WindowAverage> beforeDeadline, OptionalDouble expected,
                                 OptionalDouble nowAverage, long earliest, long latest, long byDeadline,
                                 long horizon, long now) {
        String job = "a " + ask.duration() + " job";
        String runNow = earliest == now ? "run now" : "run at " + Json.iso(earliest);
        if (byDeadline < earliest) {
            return job + " cannot finish before the deadline " + ask.deadline() + " even if it starts at "
                    + Json.iso(earliest) + ": " + runNow;
        }
        if (latest < earliest) {
            return "the maximum delay " + ask.maxDelay() + " after " + ask.from() + " has passed: " + runNow;
        }
        if (forecast.isEmpty()) {
            return "no forecast is held for zone " + ask.zone() + ": " + runNow;
        }
        String generated = " (generated at " + Json.iso(forecast.get().generatedAt()) + ")";
        if (best.isEmpty()) {
            return "the forecast for zone " + ask.zone() + generated + " covers no " + ask.duration()
                    + " window starting between " + Json.iso(earliest) + " and " + Json.iso(latest) + ": " + runNow;
        }
        StringBuilder b = new StringBuilder();
        long start = best.get().startMillis();
        b.append(start == now ? "starting now is best" : "start at " + Json.iso(start));
        b.append(": ").append(String.format(Locale.ROOT, "%.1f", expected.getAsDouble()))
                .append(" gCO2e/kWh expected over ").append(job).append(" in zone ").append(ask.zone());
        if (nowAverage.isPresent() && start != now) {
            b.append(String.format(Locale.ROOT, ", %.1f if started now", nowAverage.getAsDouble()));
        }
        b.append(", by the forecast").append(generated);
        if (latest < Math.min(byDeadline, horizon) && beforeDeadline.isPresent()
                && beforeDeadline.get().startMillis() != start) {
            b.append("; the maximum delay ").append(ask.maxDelay()).append(" limits the search: the best start before ")
                    .append("the deadline would be ").append(Json.iso(beforeDeadline.get().startMillis()))
                    .append(String.format(Locale.ROOT, " (%.1f)", beforeDeadline.get().value()));
        }
        if (horizon < byDeadline) {
            b.append("; searched up to ").append(Json.iso(horizon)).append(" only (").append(maxSearchNote(earliest, horizon))
                    .append(")");
        }
        return b.toString();
    }

    private static String maxSearchNote(long earliest, long horizon) {
        return "the server's max window search is " + Duration.ofMillis(horizon - earliest);
    }
}
