package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.policy.PolicyFixtures.filledState;
import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.carbonledger.sinks.testing.Records;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Carbon Aware SDK endpoint on a hand-worked forecast: 5-minute points 10, 20, 30, 40, 5 from T0 in DE. */
class ForecastViewTest {
    private final PolicyState state = filledState();
    private final ForecastView view = new ForecastView(state);

    private ArrayNode current(String query) {
        return view.current(QueryParams.parse(query), T0.plusSeconds(42));
    }

    private static List<Double> values(JsonNode points) {
        List<Double> out = new ArrayList<>();
        points.forEach(p -> out.add(p.get("value").asDouble()));
        return out;
    }

    @Test
    void shouldAverageOverTheWindowAndPickTheLowestWhenAWindowSizeIsGiven() {
        JsonNode de = current("location=DE&windowSize=10").get(0);

        assertThat(values(de.get("forecastData"))).containsExactly(15.0, 25.0, 35.0, 22.5);
        assertThat(de.get("forecastData").get(3).get("timestamp").asText()).isEqualTo("2026-03-01T12:15:00Z");
        assertThat(de.get("forecastData").get(0).get("duration").asInt()).isEqualTo(10);
        assertThat(de.get("optimalDataPoints")).hasSize(1);
        JsonNode optimal = de.get("optimalDataPoints").get(0);
        assertThat(optimal.get("location").asText()).isEqualTo("DE");
        assertThat(optimal.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(optimal.get("duration").asInt()).isEqualTo(10);
        assertThat(optimal.get("value").asDouble()).isEqualTo(15.0);
    }

    @Test
    void shouldDescribeTheRequestAndTheForecastWhenAnswering() {
        JsonNode de = current("location=DE&windowSize=10").get(0);

        assertThat(de.get("generatedAt").asText()).isEqualTo("2026-03-01T11:50:00Z");
        assertThat(de.get("requestedAt").asText()).isEqualTo("2026-03-01T12:00:42Z");
        assertThat(de.get("location").asText()).isEqualTo("DE");
        assertThat(de.get("dataStartAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(de.get("dataEndAt").asText()).isEqualTo("2026-03-01T12:25:00Z");
        assertThat(de.get("windowSize").asInt()).isEqualTo(10);
        List<String> fields = new ArrayList<>();
        de.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("generatedAt", "requestedAt", "location", "dataStartAt", "dataEndAt",
                "windowSize", "optimalDataPoints", "forecastData");
    }

    @Test
    void shouldReturnThePointsThemselvesWhenNoWindowSizeIsGiven() {
        JsonNode de = current("location=DE").get(0);

        assertThat(values(de.get("forecastData"))).containsExactly(10.0, 20.0, 30.0, 40.0, 5.0);
        assertThat(de.get("forecastData").get(0).get("duration").asInt()).isEqualTo(5);
        assertThat(values(de.get("optimalDataPoints"))).containsExactly(5.0);
        assertThat(de.get("windowSize").asInt()).isZero();
    }

    @Test
    void shouldOnlyConsiderPointsWithinTheRangeWhenDataStartAndEndAreGiven() {
        JsonNode de = current("location=DE&windowSize=10&dataStartAt=2026-03-01T12:05:00Z"
                + "&dataEndAt=2026-03-01T12:20:00Z").get(0);

        assertThat(values(de.get("forecastData"))).containsExactly(25.0, 35.0);
        assertThat(values(de.get("optimalDataPoints"))).containsExactly(25.0);
        assertThat(de.get("dataStartAt").asText()).isEqualTo("2026-03-01T12:05:00Z");
    }

    @Test
    void shouldAnswerOneObjectPerLocationInTheOrderAskedWhenSeveralAreGiven() {
        state.acceptForecast("FR", Records.forecast("FR", T0, T0, 3600, 50, 60));

        ArrayNode both = current("location=FR&location=DE");

        assertThat(both).hasSize(2);
        assertThat(both.get(0).get("location").asText()).isEqualTo("FR");
        assertThat(both.get(1).get("location").asText()).isEqualTo("DE");
    }

    @Test
    void shouldServeTheForecastGeneratedLastWhenAnOlderOneArrivesLater() {
        state.acceptForecast("DE", Records.forecast("DE", T0.minusSeconds(7200), T0, 300, 99));

        assertThat(values(current("location=DE").get(0).get("forecastData"))).containsExactly(10.0, 20.0, 30.0, 40.0, 5.0);
    }

    @Test
    void shouldAnswer400WhenLocationIsMissing() {
        assertThatThrownBy(() -> current("windowSize=10")).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("location is required");
    }

    @Test
    void shouldAnswer400WhenNoForecastIsHeldForTheLocationAsMatchingIsExact() {
        assertThatThrownBy(() -> current("location=de")).isInstanceOf(ApiException.class)
                .hasMessage("unknown location 'de': no forecast is held for it");
    }

    @Test
    void shouldAnswer400WhenWindowSizeIsNegativeOrNotAnInteger() {
        assertThatThrownBy(() -> current("location=DE&windowSize=-5")).isInstanceOf(ApiException.class)
                .hasMessageContaining("windowSize must be a non-negative integer");
        assertThatThrownBy(() -> current("location=DE&windowSize=2.5")).isInstanceOf(ApiException.class)
                .hasMessageContaining("windowSize must be a non-negative integer");
    }

    @Test
    void shouldAnswer400WhenATimeIsUnparseable() {
        assertThatThrownBy(() -> current("location=DE&dataStartAt=noon")).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("dataStartAt must be an RFC 3339 time");
    }

    @Test
    void shouldAnswer400WhenTheEndIsNotAfterTheStart() {
        assertThatThrownBy(() -> current("location=DE&dataStartAt=2026-03-01T12:10:00Z&dataEndAt=2026-03-01T12:10:00Z"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors())
                        .containsEntry("dataStartAt", List.of("dataStartAt must be earlier than dataEndAt")));
        assertThatThrownBy(() -> current("location=DE&dataStartAt=2026-03-01T12:10:00Z&dataEndAt=2026-03-01T12:05:00Z"))
                .hasMessageContaining("dataStartAt must be earlier than dataEndAt");
    }

    @Test
    void shouldAnswer400WithTheForecastRangeWhenTheTimesLieOutsideIt() {
        assertThatThrownBy(() -> current("location=DE&dataStartAt=2026-03-01T11:00:00Z&dataEndAt=2026-03-01T13:00:00Z"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors())
                        .containsEntry("dataStartAt", List.of("dataStartAt must be within time range of the forecasted "
                                + "data, '2026-03-01T12:00:00Z' through '2026-03-01T12:25:00Z'"))
                        .containsEntry("dataEndAt", List.of("dataEndAt must be within time range of the forecasted "
                                + "data, '2026-03-01T12:00:00Z' through '2026-03-01T12:25:00Z'")));
    }
}
