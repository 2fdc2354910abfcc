package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.domain.window.CarbonWindows;
import dev.carbonledger.domain.window.WindowAverage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /emissions/forecasts/current}, as the Carbon Aware SDK WebAPI answers it (DESIGN section 6, contract):
 * per location the current forecast (the one generated last), its rolling averages over {@code windowSize} minutes
 * within [dataStartAt, dataEndAt] as {@code forecastData}, and the lowest of them as {@code optimalDataPoints}.
 * Parameters are validated as the SDK does, with its messages.
 */
final class ForecastView {
    private static final long MINUTE = 60_000L;

    private final PolicyState state;

    ForecastView(PolicyState state) {
        this.state = state;
    }

    /**
     * @throws ApiException 400 for a missing or unknown location, a bad window size, unparseable times, an end not
     *                      after the start, or times outside the forecast's range
     */
    ArrayNode current(QueryParams query, Instant now) {
        List<String> locations = query.all("location");
        if (locations.isEmpty()) {
            throw ApiException.badRequest("location is required: the grid zone of a forecast, e.g. location=DE "
                    + "(repeat the parameter for several locations)");
        }
        int windowSize = query.first("windowSize").map(v -> ParamValues.minutes("windowSize", v)).orElse(0);
        Optional<Instant> start = query.first("dataStartAt").map(v -> ParamValues.instant("dataStartAt", v));
        Optional<Instant> end = query.first("dataEndAt").map(v -> ParamValues.instant("dataEndAt", v));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String location : locations) {
            HeldForecast forecast = state.forecast(location).orElseThrow(() -> ApiException.badRequest(
                    "unknown location '" + Views.printable(location) + "': no forecast is held for it"));
            out.add(forecast(forecast, start, end, windowSize, now));
        }
        return out;
    }

    private static ObjectNode forecast(HeldForecast forecast, Optional<Instant> requestedStart,
                                       Optional<Instant> requestedEnd, int windowSize, Instant now) {
        if (forecast.points().isEmpty()) {
            throw ApiException.badRequest("location '" + Views.printable(forecast.zone()) + "' has a forecast (generated at "
                    + Json.iso(forecast.generatedAt()) + ") without data points");
        }
        long min = forecast.start();
        long max = forecast.end();
        long start = requestedStart.map(Instant::toEpochMilli).orElse(min);
        long end = requestedEnd.map(Instant::toEpochMilli).orElse(max);
        validate(start, end, min, max);
        List<WindowAverage> data;
        try {
            data = CarbonWindows.rollingAverages(forecast.points(), start, end, windowSize * MINUTE);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("windowSize " + windowSize + " over [dataStartAt, dataEndAt] asks for too "
                    + "many windows: narrow the range");
        }
        ObjectNode out = Json.object();
        Json.putTime(out, "generatedAt", forecast.generatedAt());
        out.put("requestedAt", now.toString());
        out.put("location", forecast.zone());
        Json.putTime(out, "dataStartAt", start);
        Json.putTime(out, "dataEndAt", end);
        out.put("windowSize", windowSize);
        ArrayNode optimal = out.putArray("optimalDataPoints");
        CarbonWindows.optimal(data).forEach(w -> optimal.add(point(forecast.zone(), w)));
        ArrayNode points = out.putArray("forecastData");
        data.forEach(w -> points.add(point(forecast.zone(), w)));
        return out;
    }

    /** The SDK's checks, all reported at once per parameter. */
    private static void validate(long start, long end, long min, long max) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String range = "'" + Json.iso(min) + "' through '" + Json.iso(max) + "'";
        if (start >= end) {
            errors.computeIfAbsent("dataStartAt", k -> new java.util.ArrayList<>())
                    .add("dataStartAt must be earlier than dataEndAt");
        }
        if (start < min || start > max) {
            errors.computeIfAbsent("dataStartAt", k -> new java.util.ArrayList<>())
                    .add("dataStartAt must be within time range of the forecasted data, " + range);
        }
        if (end < min || end > max) {
            errors.computeIfAbsent("dataEndAt", k -> new java.util.ArrayList<>())
                    .add("dataEndAt must be within time range of the forecasted data, " + range);
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
    }

    /** {@code {location, timestamp, duration (minutes), value}}. */
    private static ObjectNode point(String location, WindowAverage w) {
        ObjectNode p = Json.object();
        p.put("location", location);
        Json.putTime(p, "timestamp", w.startMillis());
        p.put("duration", Math.round(w.durationMillis() / (double) MINUTE));
        Json.putNumber(p, "value", w.value());
        return p;
    }
}
