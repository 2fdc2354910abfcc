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
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * WattTime API v3 (marginal emissions). {@code GET /login} with HTTP basic auth returns {@code {"token"}},
 * valid about 30 minutes (renewed after 25, or on a 401). {@code GET /v3/forecast?region=&signal_type=}
 * returns {@code {data: [{point_time, value}], meta: {region, signal_type, units, generated_at,
 * data_point_period_seconds}}}; values in {@code lbs_co2_per_mwh} are converted to gCO2e/kWh. The point in
 * effect now is published as the current value ({@code forecast=true}, {@code estimated=true}), the series as
 * a forecast.
 */
public final class WattTimeSource implements IntensitySource {
    public static final String PROVIDER = "watttime";
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(25);

    private final JsonFetch json;
    private final URI baseUrl;
    private final String username;
    private final String password;
    private final List<String> regions;
    private final String signalType;
    private final Clock clock;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    public WattTimeSource(HttpText http, URI baseUrl, String username, String password, List<String> regions,
            String signalType, Clock clock) {
        this.json = new JsonFetch(Objects.requireNonNull(http, "http"), PROVIDER);
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.regions = List.copyOf(regions);
        this.signalType = Objects.requireNonNull(signalType, "signalType");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("the WattTime source needs at least one region");
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
        for (String region : regions) {
            JsonNode root = forecast(region, now);
            JsonNode meta = root.path("meta");
            double factor = factor(meta.path("units").asText("lbs_co2_per_mwh"));
            Duration step = Duration.ofSeconds(meta.path("data_point_period_seconds").asLong(300));
            List<ForecastPoint> points = new ArrayList<>();
            for (JsonNode p : root.path("data")) {
                points.add(IntensityRecords.point(Timestamps.parse(p, "point_time"), step,
                        Json.number(p, "value") * factor));
            }
            points.stream().filter(p -> !p.getFrom().isAfter(now) && p.getFrom().plus(step).isAfter(now)).findFirst()
                    .ifPresent(p -> records.add(IntensityRecords.record(region, p.getFrom(), p.getFrom().plus(step),
                            p.getGCo2ePerKwh(), IntensitySignal.MARGINAL, PROVIDER, true, true)));
            Instant generatedAt = meta.hasNonNull("generated_at") ? Timestamps.parse(meta, "generated_at") : now;
            IntensityRecords.forecast(region, PROVIDER, IntensitySignal.MARGINAL, generatedAt, now, points, records,
                    series);
        }
        return new IntensityReadings(records, series);
    }

    private JsonNode forecast(String region, Instant now) throws IOException {
        URI uri = HttpText.join(baseUrl, "/v3/forecast?region=" + URLEncoder.encode(region, StandardCharsets.UTF_8)
                + "&signal_type=" + URLEncoder.encode(signalType, StandardCharsets.UTF_8));
        try {
            return json.get(uri, Map.of("Authorization", "Bearer " + token(now, false)));
        } catch (HttpText.HttpStatusException e) {
            if (e.status() != 401) {
                throw e;
            }
            return json.get(uri, Map.of("Authorization", "Bearer " + token(now, true)));
        }
    }

    private String token(Instant now, boolean renew) throws IOException {
        if (renew || token == null || !now.isBefore(tokenExpiry)) {
            String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            JsonNode login = json.send(HttpRequest.newBuilder(HttpText.join(baseUrl, "/login"))
                    .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(30)).GET().build());
            token = Json.text(login, "token");
            tokenExpiry = now.plus(TOKEN_LIFETIME);
        }
        return token;
    }

    private static double factor(String units) throws IOException {
        return switch (units) {
            case "lbs_co2_per_mwh" -> IntensityRecords.GRAMS_PER_KWH_PER_LB_PER_MWH;
            case "g_co2_per_kwh", "kg_co2_per_mwh" -> 1.0;
            default -> throw new IOException("watttime returned values in unsupported units '" + units + "'");
        };
    }
}
