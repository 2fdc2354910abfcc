package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.policy.PolicyFixtures.filledState;
import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.domain.budget.BurnSettings;
import dev.carbonledger.sinks.testing.Records;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateViewTest {
    private final PolicyState state = filledState();
    private final GateView view = new GateView(state, BurnSettings.DEFAULT_CRITICAL_CLASSES);

    private JsonNode gate(String team, String cls) {
        return GateView.render(view.evaluate(team, cls, T0));
    }

    private JsonNode keda(String team) {
        return GateView.renderKeda(view.evaluate(team, null, T0));
    }

    @Test
    void shouldDenyWithBudgetAndStatusWhenAHardBudgetIsExhausted() {
        JsonNode gate = gate("research", "batch");

        assertThat(gate.get("decision").asText()).isEqualTo("deny");
        assertThat(gate.get("reason").asText()).contains("exhausted its hard budget");
        assertThat(gate.get("team").asText()).isEqualTo("research");
        assertThat(gate.get("class").asText()).isEqualTo("batch");
        assertThat(gate.get("validFrom").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(gate.get("validUntil").asText()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(gate.get("inputs").get("tier").asText()).isEqualTo("hard");
        assertThat(gate.get("budget").get("period").asText()).isEqualTo("day");
        assertThat(gate.get("budget").get("limitGrams").asDouble()).isEqualTo(1000.0);
        assertThat(gate.get("budget").get("tier").asText()).isEqualTo("hard");
        assertThat(gate.get("budget").get("thresholds")).hasSize(3);
        JsonNode status = gate.get("status");
        assertThat(status.get("periodStart").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(status.get("spentGrams").asDouble()).isEqualTo(1250.0);
        assertThat(status.get("remainingGrams").asDouble()).isEqualTo(-250.0);
        assertThat(status.get("fraction").asDouble()).isEqualTo(1.25);
        assertThat(status.get("burnRate").asDouble()).isEqualTo(2.5);
        assertThat(status.get("projectedExhaustion").isNull()).isTrue();
        List<String> fields = new ArrayList<>();
        gate.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("decision", "reason", "team", "class", "validFrom", "validUntil", "inputs",
                "budget", "status");
    }

    @Test
    void shouldAllowWithNullBudgetAndStatusWhenTheTeamHasNoBudget() {
        JsonNode gate = gate("newcomers", null);

        assertThat(gate.get("decision").asText()).isEqualTo("allow");
        assertThat(gate.get("class").asText()).isEqualTo("unspecified");
        assertThat(gate.get("budget").isNull()).isTrue();
        assertThat(gate.get("status").isNull()).isTrue();
    }

    @Test
    void shouldStartFromZeroWhenTheHeldStatusIsOfAPastPeriod() {
        Instant yesterday = Instant.parse("2026-02-28T00:00:00Z");
        state.acceptBudget("archive", Records.budget("archive", BudgetPeriod.DAY, 100, BudgetTier.HARD));
        state.acceptStatus("archive", Records.status("archive", BudgetPeriod.DAY, BudgetTier.HARD, yesterday,
                yesterday.plusSeconds(86_400), 100, 500, 5, null));

        JsonNode gate = gate("archive", null);

        assertThat(gate.get("decision").asText()).isEqualTo("allow");
        assertThat(gate.get("status").isNull()).isTrue();
        assertThat(gate.get("inputs").get("spentGrams").asText()).isEqualTo("0.0");
    }

    @Test
    void shouldDeferNonCriticalAndAllowCriticalWorkWhenASoftBudgetIsExhausted() {
        state.acceptStatus("search", Records.dayStatus("search", BudgetTier.SOFT, 2000, 2500, 3, null));

        assertThat(gate("search", "batch").get("decision").asText()).isEqualTo("defer");
        assertThat(gate("search", "Critical").get("decision").asText()).isEqualTo("allow");
    }

    @Test
    void shouldExposeAllowAndRemainingFractionAsNumbersWhenViewedByKeda() {
        JsonNode research = keda("research");
        JsonNode search = keda("search");

        assertThat(research.get("allow").asInt()).isZero();
        assertThat(research.get("decision").asText()).isEqualTo("deny");
        assertThat(research.get("budget").get("remainingFraction").asDouble()).isZero();
        assertThat(research.get("budget").get("fraction").asDouble()).isEqualTo(1.25);
        assertThat(search.get("allow").asInt()).isEqualTo(1);
        assertThat(search.get("budget").get("remainingFraction").asDouble()).isEqualTo(0.75);
        assertThat(search.get("budget").get("burnRate").asDouble()).isEqualTo(1.5);
        assertThat(search.get("budget").get("remainingGrams").asDouble()).isEqualTo(1500.0);
    }

    @Test
    void shouldReportAFullBudgetWhenKedaAsksAboutATeamWithoutOne() {
        JsonNode none = keda("newcomers");

        assertThat(none.get("allow").asInt()).isEqualTo(1);
        assertThat(none.get("budget").get("remainingFraction").asDouble()).isEqualTo(1.0);
        assertThat(none.get("budget").get("fraction").asDouble()).isZero();
        assertThat(none.get("budget").get("burnRate").asDouble()).isZero();
        assertThat(none.get("budget").get("remainingGrams").asDouble()).isZero();
    }
}
