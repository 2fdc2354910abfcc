package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.sinks.testing.Records;
import org.junit.jupiter.api.Test;

class ZoneViewTest {
    private final PolicyState state = PolicyFixtures.filledState();
    private final ZoneView view = new ZoneView(state);

    private JsonNode zone(String zone) {
        return view.zone(zone, T0);
    }

    @Test
    void shouldShowTheAccountingSignalNowAndEachSignalByNameWhenIntensityIsHeld() {
        state.acceptIntensity(Records.intensity("DE", T0.minusSeconds(60), 650, IntensitySignal.MARGINAL),
                T0.toEpochMilli());

        JsonNode intensity = zone("DE").get("intensity");

        assertThat(intensity.get("now").asDouble()).isEqualTo(300.0);
        assertThat(intensity.get("signal").asText()).isEqualTo("average");
        assertThat(intensity.get("average").asDouble()).isEqualTo(300.0);
        assertThat(intensity.get("marginal").asDouble()).isEqualTo(650.0);
    }

    @Test
    void shouldNotBeGreenNowWhenALaterHourIsMuchCleaner() {
        state.acceptForecast("NL", Records.forecast("NL", T0, T0, 3600, 300, 200, 100, 150, 400, 50));

        JsonNode forecast = zone("NL").get("forecast");

        assertThat(forecast.get("now").asDouble()).isEqualTo(300.0);
        assertThat(forecast.get("bestStartIn1h").asText()).isEqualTo("2026-03-01T17:00:00Z");
        assertThat(forecast.get("bestAverage1h").asDouble()).isEqualTo(50.0);
        assertThat(forecast.get("nowAverage1h").asDouble()).isEqualTo(300.0);
        assertThat(forecast.get("greenNow").asInt()).isZero();
    }

    @Test
    void shouldBeGreenNowWhenStartingNowIsWithinFivePercentOfTheBestHour() {
        state.acceptForecast("NL", Records.forecast("NL", T0, T0, 3600, 104, 100, 300));

        assertThat(zone("NL").get("forecast").get("greenNow").asInt()).isEqualTo(1);

        state.acceptForecast("NL", Records.forecast("NL", T0.plusSeconds(1), T0, 3600, 106, 100, 300));

        assertThat(zone("NL").get("forecast").get("greenNow").asInt()).isZero();
    }

    @Test
    void shouldBeGreenNowWhenTheForecastDoesNotCoverTheNextHour() {
        JsonNode forecast = zone("DE").get("forecast");

        assertThat(forecast.get("now").asDouble()).isEqualTo(10.0);
        assertThat(forecast.get("nowAverage1h").isNull()).isTrue();
        assertThat(forecast.get("bestStartIn1h").isNull()).isTrue();
        assertThat(forecast.get("greenNow").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAnswerNullsWhenNothingIsKnownAboutTheZone() {
        JsonNode z = zone("XX");

        assertThat(z.get("zone").asText()).isEqualTo("XX");
        assertThat(z.get("intensity").get("now").isNull()).isTrue();
        assertThat(z.get("forecast").get("now").isNull()).isTrue();
        assertThat(z.get("forecast").get("generatedAt").isNull()).isTrue();
        assertThat(z.get("forecast").get("greenNow").asInt()).isEqualTo(1);
    }
}
