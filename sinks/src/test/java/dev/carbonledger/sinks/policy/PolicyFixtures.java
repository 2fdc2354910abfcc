package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.testing.Records.T0;

import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.sinks.testing.Records;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A state filled by hand, and configs with a fixed clock at {@link Records#T0}, for tests without Kafka. */
final class PolicyFixtures {
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private PolicyFixtures() {}

    static PolicyServerConfig.Builder config() {
        return PolicyServerConfig.builder("127.0.0.1:1").port(0).clock(CLOCK);
    }

    static PolicyState emptyState() {
        return new PolicyState(AccountingSignal.DEFAULT);
    }

    /**
     * research: hard day budget of 1 kg, 1.25 kg spent (exhausted); search: soft day budget of 2 kg, 500 g spent;
     * zone DE: a forecast of 5-minute points 10, 20, 30, 40, 5 from T0, average intensity 300 from an hour ago;
     * a gate decision for team:research.
     */
    static PolicyState filledState() {
        PolicyState state = emptyState();
        state.acceptBudget("research", Records.budget("research", BudgetPeriod.DAY, 1000, BudgetTier.HARD));
        state.acceptStatus("research", Records.dayStatus("research", BudgetTier.HARD, 1000, 1250, 2.5, null));
        state.acceptBudget("search", Records.budget("search", BudgetPeriod.DAY, 2000, BudgetTier.SOFT));
        state.acceptStatus("search", Records.dayStatus("search", BudgetTier.SOFT, 2000, 500, 1.5,
                T0.plusSeconds(3 * 3600)));
        state.acceptForecast("DE", Records.forecast("DE", T0.minusSeconds(600), T0, 300, 10, 20, 30, 40, 5));
        state.acceptIntensity(Records.intensity("DE", T0.minusSeconds(3600), 300, false), T0.toEpochMilli());
        state.acceptDecision("team:research", Records.gateDecision("research",
                dev.carbonledger.avro.PolicyVerdict.DENY, "team research has exhausted its hard budget"));
        state.caughtUp();
        return state;
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
