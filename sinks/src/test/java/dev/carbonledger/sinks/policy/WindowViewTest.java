package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.sinks.testing.Records;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Carbon-aware windows on hourly points 300, 200, 100, 150, 400, 50 from T0 (12:00) in zone NL. */
class WindowViewTest {
    private final PolicyState state = PolicyFixtures.emptyState();
    private final WindowView view = new WindowView(state, Duration.ofDays(7));

    WindowViewTest() {
        state.acceptForecast("NL", Records.forecast("NL", T0.minusSeconds(60), T0, 3600, 300, 200, 100, 150, 400, 50));
        state.acceptForecast("OLD", Records.forecast("OLD", T0.minusSeconds(86_400), T0.minusSeconds(86_400), 3600, 1, 2));
    }

    private JsonNode window(String query) {
        return view.window(QueryParams.parse(query), T0);
    }

    @Test
    void shouldRecommendTheLowestAverageStartWhenTheForecastCoversTheRange() {
        JsonNode w = window("zone=NL&duration=1h&deadline=2026-03-01T18:00:00Z");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T17:00:00Z");
        assertThat(w.get("expectedGCo2ePerKwh").asDouble()).isEqualTo(50.0);
        assertThat(w.get("nowGCo2ePerKwh").asDouble()).isEqualTo(300.0);
        assertThat(w.get("expectedSavingFraction").asDouble()).isCloseTo(1 - 50.0 / 300, Offset.offset(1e-12));
        assertThat(w.get("bestBeforeDeadline").get("start").asText()).isEqualTo("2026-03-01T17:00:00Z");
        assertThat(w.get("bestBeforeDeadline").get("value").asDouble()).isEqualTo(50.0);
        assertThat(w.get("forecastGeneratedAt").asText()).isEqualTo("2026-03-01T11:59:00Z");
        assertThat(w.get("reason").asText()).startsWith("start at 2026-03-01T17:00:00Z: 50.0 gCO2e/kWh expected");
    }

    @Test
    void shouldKeepTheFieldNamesWhenTheWaitForWindowCommandReadsThem() {
        JsonNode w = window("zone=NL&duration=4h&deadline=2026-03-02T06:00:00Z&maxDelay=90m");

        List<String> fields = new ArrayList<>();
        w.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("zone", "duration", "deadline", "maxDelay", "now", "recommendedStart",
                "expectedGCo2ePerKwh", "nowGCo2ePerKwh", "expectedSavingFraction", "bestBeforeDeadline",
                "forecastGeneratedAt", "reason");
        assertThat(w.get("duration").asText()).isEqualTo("PT4H");
        assertThat(w.get("maxDelay").asText()).isEqualTo("PT1H30M");
        assertThat(w.get("deadline").asText()).isEqualTo("2026-03-02T06:00:00Z");
        assertThat(w.get("now").asText()).isEqualTo("2026-03-01T12:00:00Z");
    }

    @Test
    void shouldAverageOverTheWholeJobWhenItSpansSeveralPoints() {
        JsonNode w = window("zone=NL&duration=2h&deadline=2026-03-01T18:00:00Z");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(w.get("expectedGCo2ePerKwh").asDouble()).isEqualTo(125.0);
        assertThat(w.get("nowGCo2ePerKwh").asDouble()).isEqualTo(250.0);
    }

    @Test
    void shouldStopTheSearchAtMaxDelayWhenOneIsGiven() {
        JsonNode w = window("zone=NL&duration=1h&deadline=2026-03-01T18:00:00Z&maxDelay=3h");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(w.get("expectedGCo2ePerKwh").asDouble()).isEqualTo(100.0);
        assertThat(w.get("bestBeforeDeadline").get("start").asText()).isEqualTo("2026-03-01T17:00:00Z");
        assertThat(w.get("reason").asText()).contains("the maximum delay PT3H limits the search");
    }

    @Test
    void shouldStartNoEarlierThanFromWhenFromIsInTheFuture() {
        JsonNode w = window("zone=NL&duration=1h&deadline=2026-03-01T16:00:00Z&from=2026-03-01T13:00:00Z");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T14:00:00Z");
    }

    @Test
    void shouldRecommendNowWithAReasonWhenNoForecastIsHeldForTheZone() {
        JsonNode w = window("zone=XX&duration=1h&deadline=2026-03-01T18:00:00Z");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(w.get("reason").asText()).isEqualTo("no forecast is held for zone XX: run now");
        assertThat(w.get("expectedGCo2ePerKwh").isNull()).isTrue();
        assertThat(w.get("nowGCo2ePerKwh").isNull()).isTrue();
        assertThat(w.get("expectedSavingFraction").isNull()).isTrue();
        assertThat(w.get("bestBeforeDeadline").isNull()).isTrue();
        assertThat(w.get("forecastGeneratedAt").isNull()).isTrue();
        assertThat(w.get("maxDelay").isNull()).isTrue();
    }

    @Test
    void shouldRecommendNowWhenTheForecastCoversNoWindowInRange() {
        JsonNode w = window("zone=OLD&duration=1h&deadline=2026-03-01T18:00:00Z");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(w.get("reason").asText()).contains("covers no PT1H window").endsWith("run now");
        assertThat(w.get("forecastGeneratedAt").asText()).isEqualTo("2026-02-28T12:00:00Z");
    }

    @Test
    void shouldRecommendNowWhenTheJobCannotFinishBeforeTheDeadline() {
        JsonNode w = window("zone=NL&duration=4h&deadline=2026-03-01T13:00:00Z");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(w.get("reason").asText()).contains("cannot finish before the deadline");
        assertThat(w.get("bestBeforeDeadline").isNull()).isTrue();
        assertThat(w.get("nowGCo2ePerKwh").asDouble()).isEqualTo(187.5);
    }

    @Test
    void shouldRecommendNowWhenTheMaximumDelayHasPassed() {
        JsonNode w = window("zone=NL&duration=1h&deadline=2026-03-01T18:00:00Z&maxDelay=30m&from=2026-03-01T10:00:00Z");

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(w.get("reason").asText()).startsWith("the maximum delay PT30M after 2026-03-01T10:00:00Z has passed");
    }

    @Test
    void shouldSearchNoFurtherThanTheMaxWindowSearchWhenTheDeadlineIsFar() {
        WindowView near = new WindowView(state, Duration.ofHours(2));

        JsonNode w = near.window(QueryParams.parse("zone=NL&duration=1h&deadline=2026-03-05T00:00:00Z"), T0);

        assertThat(w.get("recommendedStart").asText()).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(w.get("reason").asText()).contains("searched up to 2026-03-01T14:00:00Z only");
    }

    @Test
    void shouldAnswer400NamingTheParameterWhenOneIsMissingOrWrong() {
        assertThatThrownBy(() -> window("duration=1h&deadline=2026-03-01T18:00:00Z"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("zone is required");
        assertThatThrownBy(() -> window("zone=NL&deadline=2026-03-01T18:00:00Z"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("duration is required");
        assertThatThrownBy(() -> window("zone=NL&duration=soon&deadline=2026-03-01T18:00:00Z"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("duration must be a duration like");
        assertThatThrownBy(() -> window("zone=NL&duration=0m&deadline=2026-03-01T18:00:00Z"))
                .isInstanceOf(ApiException.class).hasMessage("duration must be positive, got 'PT0S'");
        assertThatThrownBy(() -> window("zone=NL&duration=1h"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("deadline is required");
        assertThatThrownBy(() -> window("zone=NL&duration=1h&deadline=tomorrow"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("deadline must be an RFC 3339 time");
        assertThatThrownBy(() -> window("zone=NL&duration=1h&deadline=2026-03-01T11:00:00Z"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("deadline must be in the future");
        assertThatThrownBy(() -> window("zone=NL&duration=1h&deadline=2026-03-01T18:00:00Z&maxDelay=-PT1H"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("maxDelay must not be negative");
        assertThatThrownBy(() -> window("zone=NL&duration=1h&deadline=2026-03-01T18:00:00Z&from=2026-03-01T19:00:00Z"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("from must be before deadline");
    }
}
