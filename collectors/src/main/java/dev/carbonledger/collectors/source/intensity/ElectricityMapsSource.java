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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Electricity Maps API v3, header {@code auth-token}: {@code GET /v3/carbon-intensity/latest?zone=} returns
 * {@code {zone, carbonIntensity, datetime, updatedAt, isEstimated, estimationMethod, ...}}, published as the
 * value in effect from {@code datetime} (average, lifecycle). With forecasts on,
 * {@code GET /v3/carbon-intensity/forecast?zone=} returns {@code {zone, forecast: [{carbonIntensity,
 * datetime}], updatedAt}}; points are hourly.
 */
public final class ElectricityMapsSource implements IntensitySource {
    public static final String PROVIDER = "electricitymaps";
    private static final Duration HOUR = Duration.ofHours(1);

    private final JsonFetch json;
    private final URI baseUrl;
    private final String token;
    private final List<String> zones;
    private final boolean forecasts;
    private final Clock clock;

    public ElectricityMapsSource(HttpText http, URI baseUrl, String token, List<String> zones, boolean forecasts,
            Clock clock) {
        this.json = new JsonFetch(Objects.requireNonNull(http, "http"), PROVIDER);
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.token = Objects.requireNonNull(token, "token");
        this.zones = List.copyOf(zones);
        this.forecasts = forecasts;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("the Electricity Maps source needs at least one zone");
        }
    }

    @Override
    public String name() {
        return PROVIDER;
    }

    @Override
    public IntensityReadings intensity() throws IOException {
        Instant now = clock.instant();
        List<IntensityRecord> records = new ArrayList<>();
        List<IntensityForecast> series = new ArrayList<>();
        for (String zone : zones) {
            JsonNode latest = get("/v3/carbon-intensity/latest", zone);
            Instant from = Timestamps.parse(latest, "datetime");
            boolean estimated = latest.path("isEstimated").asBoolean(false);
            records.add(IntensityRecords.record(zone, from, from.plus(HOUR), Json.number(latest, "carbonIntensity"),
                    IntensitySignal.AVERAGE, PROVIDER, estimated, false));
            if (forecasts) {
                JsonNode forecast = get("/v3/carbon-intensity/forecast", zone);
                List<ForecastPoint> points = new ArrayList<>();
                for (JsonNode p : forecast.path("forecast")) {
                    points.add(IntensityRecords.point(Timestamps.parse(p, "datetime"), HOUR,
                            Json.number(p, "carbonIntensity")));
                }
                Instant generatedAt = forecast.hasNonNull("updatedAt") ? Timestamps.parse(forecast, "updatedAt") : now;
                IntensityRecords.forecast(zone, PROVIDER, IntensitySignal.AVERAGE, generatedAt, now, points, records,
                        series);
            }
        }
        return new IntensityReadings(records, series);
    }

    private JsonNode get(String path, String zone) throws IOException {
        URI uri = HttpText.join(baseUrl, path + "?zone=" + URLEncoder.encode(zone, StandardCharsets.UTF_8));
        return json.get(uri, Map.of("auth-token", token, "Accept", "application/json"));
    }
}
