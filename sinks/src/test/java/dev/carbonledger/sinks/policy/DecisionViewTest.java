package dev.carbonledger.sinks.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.sinks.testing.Records;
import org.junit.jupiter.api.Test;

class DecisionViewTest {
    private final PolicyState state = PolicyFixtures.filledState();
    private final DecisionView view = new DecisionView(state);

    private JsonNode decisions(String query) {
        return view.decisions(QueryParams.parse(query));
    }

    @Test
    void shouldRenderTheLatestDecisionWithLowerCaseEnumsAndIsoTimesWhenASubjectIsGiven() {
        JsonNode d = decisions("subject=team:research");

        assertThat(d.get("subject").asText()).isEqualTo("team:research");
        assertThat(d.get("kind").asText()).isEqualTo("budget_gate");
        assertThat(d.get("decision").asText()).isEqualTo("deny");
        assertThat(d.get("validFrom").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(d.get("validUntil").asText()).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(d.get("team").asText()).isEqualTo("research");
        assertThat(d.get("zone").isNull()).isTrue();
        assertThat(d.get("recommendedStart").isNull()).isTrue();
        assertThat(d.get("inputs").get("tier").asText()).isEqualTo("hard");
    }

    @Test
    void shouldListTheDecisionsBySubjectWhenAPrefixIsGiven() {
        state.acceptDecision("team:alpha", Records.gateDecision("alpha", PolicyVerdict.ALLOW, "fine"));
        state.acceptDecision("zone:DE", PolicyDecision.newBuilder(Records.gateDecision("x", PolicyVerdict.ALLOW,
                "another kind of subject")).setSubject("zone:DE").build());

        JsonNode list = decisions("prefix=team:");

        assertThat(list.isArray()).isTrue();
        assertThat(list).extracting(n -> n.get("subject").asText()).containsExactly("team:alpha", "team:research");
        assertThat(decisions("prefix=")).hasSize(3);
        assertThat(decisions("prefix=nothing:")).isEmpty();
    }

    @Test
    void shouldForgetADecisionWhenATombstoneArrives() {
        state.acceptDecision("team:research", null);

        assertThatThrownBy(() -> decisions("subject=team:research"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("no decision for subject team:research");
    }

    @Test
    void shouldAnswer400WhenNeitherOrBothOfSubjectAndPrefixAreGiven() {
        assertThatThrownBy(() -> decisions("")).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("subject or prefix is required");
        assertThatThrownBy(() -> decisions("subject=a&prefix=b")).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("give either subject");
    }
}
