package dev.carbonledger.collectors.source.intensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.collectors.MutableClock;
import dev.carbonledger.collectors.TestHttpServer;
import dev.carbonledger.collectors.source.IntensityReadings;
import dev.carbonledger.collectors.source.http.HttpText;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntensityProvidersTest {
    private static final String JSON = "application/json";
    private static final Instant NOW = Instant.parse("2026-03-02T09:57:00Z");

    private final TestHttpServer server = new TestHttpServer();
    private final MutableClock clock = new MutableClock(NOW);
    private final HttpText http = HttpText.withTimeout(Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldPublishTheUkActualAndTheFutureForecastPoints() throws IOException {
        server.respondWithResource("/intensity", JSON, "/intensity/ukci-intensity.json");
        server.respondWithResource("/intensity/2026-03-02T09:57Z/fw24h", JSON, "/intensity/ukci-fw24h.json");

        IntensityReadings readings = new UkCarbonIntensitySource(http, server.baseUri(), "GB", true, clock).intensity();

        assertThat(readings.records()).extracting(IntensityRecord::getFrom, IntensityRecord::getGCo2ePerKwh,
                        IntensityRecord::getForecast)
                .containsExactly(
                        tuple(Instant.parse("2026-03-02T09:30:00Z"), 184.0, false),
                        tuple(Instant.parse("2026-03-02T10:00:00Z"), 176.0, true),
                        tuple(Instant.parse("2026-03-02T10:30:00Z"), 161.0, true));
        assertThat(readings.records()).allSatisfy(r -> {
            assertThat(r.getZone()).isEqualTo("GB");
            assertThat(r.getProvider()).isEqualTo("ukci");
            assertThat(r.getSignal()).isEqualTo(IntensitySignal.AVERAGE);
        });
        assertThat(readings.records().get(0).getTo()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        IntensityForecast forecast = readings.forecasts().get(0);
        assertThat(forecast.getPoints()).hasSize(3).allSatisfy(p -> assertThat(p.getDurationSeconds()).isEqualTo(1800));
        assertThat(forecast.getGeneratedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldFlagTheUkForecastWhenNoActualIsPublishedYet() throws IOException {
        server.respondWithResource("/intensity", JSON, "/intensity/ukci-intensity-no-actual.json");

        IntensityReadings readings = new UkCarbonIntensitySource(http, server.baseUri(), "GB", false, clock).intensity();

        assertThat(readings.forecasts()).isEmpty();
        assertThat(readings.records()).singleElement().satisfies(r -> {
            assertThat(r.getGCo2ePerKwh()).isEqualTo(176.0);
            assertThat(r.getForecast()).isTrue();
        });
    }

    @Test
    void shouldReadCarbonAwareSdkForecastsWithDurationsInMinutes() throws IOException {
        server.respondWithResource("/emissions/forecasts/current", JSON, "/intensity/casdk-forecasts-current.json");

        IntensityReadings readings = new CarbonAwareSdkSource(http, server.baseUri(), List.of("eastus"),
                IntensitySignal.MARGINAL, clock).intensity();

        assertThat(server.requests().get(0).uri().getQuery()).isEqualTo("location=eastus");
        IntensityForecast forecast = readings.forecasts().get(0);
        assertThat(forecast.getZone()).isEqualTo("eastus");
        assertThat(forecast.getGeneratedAt()).isEqualTo(Instant.parse("2026-03-02T09:55:00Z"));
        assertThat(forecast.getPoints()).extracting(ForecastPoint::getDurationSeconds).containsOnly(300);
        // the point in effect now (09:55-10:00) as the current value, then the three future points
        assertThat(readings.records()).extracting(IntensityRecord::getFrom, IntensityRecord::getGCo2ePerKwh,
                        IntensityRecord::getEstimated)
                .containsExactly(
                        tuple(Instant.parse("2026-03-02T09:55:00Z"), 431.0, true),
                        tuple(Instant.parse("2026-03-02T10:00:00Z"), 425.5, false),
                        tuple(Instant.parse("2026-03-02T10:05:00Z"), 418.25, false),
                        tuple(Instant.parse("2026-03-02T10:10:00Z"), 402.7, false));
        assertThat(readings.records()).allSatisfy(r -> {
            assertThat(r.getForecast()).isTrue();
            assertThat(r.getSignal()).isEqualTo(IntensitySignal.MARGINAL);
        });
    }

    @Test
    void shouldSendTheElectricityMapsTokenAndKeepTheEstimatedFlag() throws IOException {
        server.respondWithResource("/v3/carbon-intensity/latest", JSON, "/intensity/electricitymaps-latest.json");
        server.respondWithResource("/v3/carbon-intensity/forecast", JSON, "/intensity/electricitymaps-forecast.json");

        IntensityReadings readings = new ElectricityMapsSource(http, server.baseUri(), "t0ken", List.of("DE"), true,
                clock).intensity();

        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.header("auth-token")).isEqualTo("t0ken");
            assertThat(r.uri().getQuery()).isEqualTo("zone=DE");
        });
        assertThat(readings.records().get(0)).satisfies(r -> {
            assertThat(r.getZone()).isEqualTo("DE");
            assertThat(r.getFrom()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
            assertThat(r.getGCo2ePerKwh()).isEqualTo(302.0);
            assertThat(r.getEstimated()).isTrue();
            assertThat(r.getForecast()).isFalse();
        });
        assertThat(readings.records()).hasSize(3);
        assertThat(readings.forecasts()).singleElement()
                .satisfies(f -> assertThat(f.getPoints()).extracting(ForecastPoint::getGCo2ePerKwh).containsExactly(298.0, 281.0));
    }

    @Test
    void shouldLogInToWattTimeOnceAndConvertPoundsPerMegawattHour() throws IOException {
        server.respondWithResource("/login", JSON, "/intensity/watttime-login.json");
        server.respondWithResource("/v3/forecast", JSON, "/intensity/watttime-forecast.json");
        WattTimeSource source = new WattTimeSource(http, server.baseUri(), "user", "secret", List.of("CAISO_NORTH"),
                "co2_moer", clock);

        IntensityReadings readings = source.intensity();
        source.intensity();

        List<TestHttpServer.Request> requests = server.requests();
        assertThat(requests).extracting(r -> r.uri().getPath()).containsExactly("/login", "/v3/forecast", "/v3/forecast");
        assertThat(requests.get(0).header("Authorization")).isEqualTo("Basic dXNlcjpzZWNyZXQ=");
        assertThat(requests.get(1).header("Authorization")).isEqualTo("Bearer eyJhbGciOiJIUzI1NiJ9.test-token");
        assertThat(requests.get(1).uri().getQuery()).isEqualTo("region=CAISO_NORTH&signal_type=co2_moer");
        IntensityRecord current = readings.records().get(0);
        assertThat(current.getFrom()).isEqualTo(Instant.parse("2026-03-02T09:55:00Z"));
        assertThat(current.getGCo2ePerKwh()).isCloseTo(453.59237, Offset.offset(1e-9));
        assertThat(current.getSignal()).isEqualTo(IntensitySignal.MARGINAL);
        assertThat(readings.forecasts().get(0).getPoints()).hasSize(3);
    }

    @Test
    void shouldNameTheProviderAndStatusOnErrors() {
        server.respond("/v3/carbon-intensity/latest", 401, JSON, "{\"message\":\"invalid token\"}");

        assertThatThrownBy(() -> new ElectricityMapsSource(http, server.baseUri(), "bad", List.of("DE"), false, clock)
                .intensity()).isInstanceOf(HttpText.HttpStatusException.class)
                .hasMessageContaining("401").hasMessageContaining("invalid token").hasMessageNotContaining("bad");
    }

    @Test
    void shouldRejectAResponseThatIsNotJson() {
        server.respond("/intensity", 200, "text/html", "<html>maintenance</html>");

        assertThatThrownBy(() -> new UkCarbonIntensitySource(http, server.baseUri(), "GB", false, clock).intensity())
                .isInstanceOf(IOException.class).hasMessageContaining("ukci returned invalid JSON");
    }
}
