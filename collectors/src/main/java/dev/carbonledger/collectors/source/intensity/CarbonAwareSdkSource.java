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
 * The Green Software Foundation's Carbon Aware SDK WebAPI: {@code GET /emissions/forecasts/current?location=}
 * returns {@code [{generatedAt, location, forecastData: [{location, timestamp, duration, value}], ...}]} with
 * {@code duration} in minutes and {@code value} in gCO2e/kWh. Each location's forecast becomes a forecast
 * series and {@code forecast=true} records for its future points; the point in effect now is published as
 * the current value, flagged {@code forecast=true} and {@code estimated=true}. The SDK's usual backend
 * (WattTime) is marginal, so the signal is configurable.
 */
public final class CarbonAwareSdkSource implements IntensitySource {
    public static final String PROVIDER = "casdk";

    private final JsonFetch json;
    private final URI baseUrl;
    private final List<String> locations;
    private final IntensitySignal signal;
    private final Clock clock;

    public CarbonAwareSdkSource(HttpText http, URI baseUrl, List<String> locations, IntensitySignal signal,
            Clock clock) {
        this.json = new JsonFetch(Objects.requireNonNull(http, "http"), PROVIDER);
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.locations = List.copyOf(locations);
        this.signal = Objects.requireNonNull(signal, "signal");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("the Carbon Aware SDK source needs at least one location");
        }
    }

    @Override
    public String name() {
        return PROVIDER;
    }

    @Override
    public IntensityReadings intensity() throws IOException {
        Instant now = clock.instant();
        StringBuilder query = new StringBuilder("/emissions/forecasts/current?");
        for (int i = 0; i < locations.size(); i++) {
            query.append(i == 0 ? "" : "&").append("location=")
                    .append(URLEncoder.encode(locations.get(i), StandardCharsets.UTF_8));
        }
        JsonNode root = json.get(HttpText.join(baseUrl, query.toString()), Map.of("Accept", "application/json"));
        if (!root.isArray()) {
            throw new IOException("casdk response is not an array of forecasts: "
                    + UkCarbonIntensitySource.abbreviate(root.toString()));
        }
        List<IntensityRecord> records = new ArrayList<>();
        List<IntensityForecast> forecasts = new ArrayList<>();
        for (JsonNode forecast : root) {
            String location = Json.text(forecast, "location");
            Instant generatedAt = forecast.hasNonNull("generatedAt") ? Timestamps.parse(forecast, "generatedAt") : now;
            List<ForecastPoint> points = new ArrayList<>();
            for (JsonNode p : forecast.path("forecastData")) {
                points.add(IntensityRecords.point(Timestamps.parse(p, "timestamp"),
                        Duration.ofMinutes((long) Json.number(p, "duration")), Json.number(p, "value")));
            }
            points.stream().filter(p -> !p.getFrom().isAfter(now)
                            && p.getFrom().plusSeconds(p.getDurationSeconds()).isAfter(now))
                    .findFirst()
                    .ifPresent(p -> records.add(IntensityRecords.record(location, p.getFrom(),
                            p.getFrom().plusSeconds(p.getDurationSeconds()), p.getGCo2ePerKwh(), signal, PROVIDER,
                            true, true)));
            IntensityRecords.forecast(location, PROVIDER, signal, generatedAt, now, points, records, forecasts);
        }
        return new IntensityReadings(records, forecasts);
    }
}
