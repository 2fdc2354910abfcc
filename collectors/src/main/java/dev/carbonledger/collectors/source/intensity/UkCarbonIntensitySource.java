package dev.carbonledger.collectors.source.intensity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.collectors.source.IntensityReadings;
import dev.carbonledger.collectors.source.IntensitySource;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.http.JsonFetch;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * National Grid ESO's Carbon Intensity API for Great Britain (api.carbonintensity.org.uk, no key):
 * {@code GET /intensity} gives the current half hour as {@code data[].from/to/intensity.{forecast,actual}}; the
 * actual when published, else the forecast flagged {@code forecast=true}. {@code GET /intensity/{from}/fw24h}
 * gives the next 24 h, published as a forecast series. Average (not marginal) intensity.
 */
public final class UkCarbonIntensitySource implements IntensitySource {
    public static final String PROVIDER = "ukci";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final JsonFetch json;
    private final URI baseUrl;
    private final String zone;
    private final boolean forecasts;
    private final Clock clock;

    public UkCarbonIntensitySource(HttpText http, URI baseUrl, String zone, boolean forecasts, Clock clock) {
        this.json = new JsonFetch(Objects.requireNonNull(http, "http"), PROVIDER);
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.forecasts = forecasts;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return PROVIDER;
    }

    @Override
    public IntensityReadings intensity() throws IOException {
        Instant now = clock.instant();
        List<IntensityRecord> records = new ArrayList<>();
        for (JsonNode period : data(get("/intensity"))) {
            JsonNode intensity = period.path("intensity");
            boolean hasActual = intensity.hasNonNull("actual");
            double grams = hasActual ? Json.number(intensity, "actual") : Json.number(intensity, "forecast");
            records.add(IntensityRecords.record(zone, Timestamps.parse(period, "from"), Timestamps.parse(period, "to"),
                    grams, IntensitySignal.AVERAGE, PROVIDER, false, !hasActual));
        }
        List<IntensityForecast> series = new ArrayList<>();
        if (forecasts) {
            List<ForecastPoint> points = new ArrayList<>();
            for (JsonNode period : data(get("/intensity/" + MINUTES.format(now.truncatedTo(ChronoUnit.MINUTES)) + "/fw24h"))) {
                Instant from = Timestamps.parse(period, "from");
                Instant to = Timestamps.parse(period, "to");
                points.add(IntensityRecords.point(from, Duration.between(from, to),
                        Json.number(period.path("intensity"), "forecast")));
            }
            IntensityRecords.forecast(zone, PROVIDER, IntensitySignal.AVERAGE, now, now, points, records, series);
        }
        return new IntensityReadings(records, series);
    }

    private JsonNode get(String path) throws IOException {
        return json.get(HttpText.join(baseUrl, path), java.util.Map.of("Accept", "application/json"));
    }

    private static JsonNode data(JsonNode root) throws IOException {
        JsonNode data = root.path("data");
        if (!data.isArray()) {
            throw new IOException("ukci response has no 'data' array: " + abbreviate(root.toString()));
        }
        return data;
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
