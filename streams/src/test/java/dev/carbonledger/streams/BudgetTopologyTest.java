package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyKind;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.domain.budget.BudgetAlerts;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.streams.internal.DeadLetters;
import dev.carbonledger.streams.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Budgets, burn alerts, gate decisions and carbon-aware windows through the whole topology (TopologyTestDriver). */
class BudgetTopologyTest {
    private static final Instant T0 = Instant.parse("2026-05-31T20:00:00Z");
    private static final Instant DAY = Instant.parse("2026-05-31T00:00:00Z");
    /** 0.01 kWh: 5 g at 500 gCO2e/kWh and PUE 1. */
    private static final double FIVE_GRAMS = 3.6e4;

    private static Harness replayLike() {
        return new Harness(AccountingOptions.builder().grace(AccountingOptions.NEVER)
                .seriesIdleExpiry(AccountingOptions.NEVER).build());
    }

    private static void fleet(Harness h, String pod, String team) {
        h.pod(pod, "ns", team, "model-" + team);
        h.node("n1", "Z", 1.0);
        h.intensity("Z", T0.minusSeconds(3_600), 500, false);
    }

    /** A baseline sample, then one every minute adding 5 g; flushed after each. */
    private static void spend(Harness h, String pod, int intervals) {
        h.sample(pod, "package", "n1", T0, 0);
        for (int i = 1; i <= intervals; i++) {
            h.sample(pod, "package", "n1", T0.plusSeconds(60L * i), FIVE_GRAMS * i);
            h.flush();
        }
    }

    private static List<AlertEvent> thresholdAlerts(Harness h) {
        return h.alerts.readValuesToList().stream().filter(a -> a.getAlertName().equals(BudgetAlerts.THRESHOLD_CROSSED)).toList();
    }

    private static Map<String, PolicyDecision> lastDecisions(Harness h) {
        Map<String, PolicyDecision> out = new LinkedHashMap<>();
        h.policy.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }

    @Test
    void shouldBurnTheBudgetAlertEachThresholdOnceAndDenyAnExhaustedHardBudget() {
        try (Harness h = replayLike()) {
            fleet(h, "p1", "research");
            h.budget(BudgetSpec.of("research", dev.carbonledger.domain.budget.BudgetPeriod.DAY, 10,
                    dev.carbonledger.domain.budget.BudgetTier.HARD));
            spend(h, "p1", 3);

            List<BudgetStatus> statuses = h.budgetStatus.readValuesToList();
            assertThat(statuses).isNotEmpty();
            BudgetStatus last = statuses.get(statuses.size() - 1);
            double ledgerGrams = h.ledgerEntries().stream().mapToDouble(LedgerEntry::getCo2eGrams).sum();
            assertThat(ledgerGrams).isCloseTo(15.0, within(1e-9));
            assertThat(last.getSpentGrams()).isCloseTo(ledgerGrams, within(1e-9));
            assertThat(last.getLimitGrams()).isEqualTo(10.0);
            assertThat(last.getFraction()).isCloseTo(1.5, within(1e-9));
            assertThat(last.getPeriodStart()).isEqualTo(DAY);
            assertThat(last.getEnergyJoules()).isCloseTo(3 * FIVE_GRAMS, within(1e-6));

            List<AlertEvent> alerts = thresholdAlerts(h);
            assertThat(alerts).extracting(a -> a.getLabels().get("threshold")).containsExactly("0.5", "0.8", "1.0")
                    .doesNotHaveDuplicates();
            assertThat(alerts).allSatisfy(a -> {
                assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
                assertThat(a.getLabels()).containsEntry("team", "research").containsEntry("tier", "hard")
                        .containsEntry("period", "day").containsKey("severity");
                assertThat(a.getAnnotations()).containsKeys("summary", "description", "runbook_url");
                assertThat(a.getAnnotations().get("runbook_url")).endsWith("RUNBOOK.md#carbonbudgetthresholdcrossed");
            });

            Map<String, PolicyDecision> decisions = lastDecisions(h);
            assertThat(decisions.get("team:research").getDecision()).isEqualTo(PolicyVerdict.DENY);
            assertThat(decisions.get("team:research").getKind()).isEqualTo(PolicyKind.BUDGET_GATE);
            assertThat(decisions.get("team:research").getReason()).contains("exhausted its hard budget");
            assertThat(decisions.get("team:research/class:critical").getDecision()).isEqualTo(PolicyVerdict.DENY);
            assertThat(decisions.get("team:research").getValidUntil()).isEqualTo(DAY.plus(Duration.ofDays(1)));
        }
    }

    @Test
    void shouldAlertThresholdsOnlyOnceWhenTheSameInputIsSeenAgainByTheSameState() {
        try (Harness h = replayLike()) {
            fleet(h, "p1", "research");
            h.budget(BudgetSpec.of("research", dev.carbonledger.domain.budget.BudgetPeriod.DAY, 10,
                    dev.carbonledger.domain.budget.BudgetTier.SOFT));
            spend(h, "p1", 2);
            // The same budget again (as a replay of the budgets topic would deliver it) and more spend.
            h.budget(BudgetSpec.of("research", dev.carbonledger.domain.budget.BudgetPeriod.DAY, 10,
                    dev.carbonledger.domain.budget.BudgetTier.SOFT));
            h.sample("p1", "package", "n1", T0.plusSeconds(180), FIVE_GRAMS * 3);
            h.flush();
            assertThat(thresholdAlerts(h)).extracting(a -> a.getLabels().get("threshold"))
                    .containsExactlyInAnyOrder("0.5", "0.8", "1.0");
            Map<String, PolicyDecision> decisions = lastDecisions(h);
            assertThat(decisions.get("team:research").getDecision()).as("a soft budget defers").isEqualTo(PolicyVerdict.DEFER);
            assertThat(decisions.get("team:research/class:critical").getDecision())
                    .as("critical work stays allowed on a soft budget").isEqualTo(PolicyVerdict.ALLOW);
        }
    }

    @Test
    void shouldDeadLetterBudgetsAndTransfersThatCannotApply() {
        try (Harness h = replayLike()) {
            h.budgets.pipeInput("research", new Budget("research", BudgetPeriod.DAY, 0.0, BudgetTier.HARD, List.of(0.5), null, null));
            h.budgets.pipeInput("other-key", new Budget("research", BudgetPeriod.DAY, 10.0, BudgetTier.HARD, List.of(0.5), null, null));
            h.budgets.pipeInput("a", new Budget("a", BudgetPeriod.DAY, 100.0, BudgetTier.SOFT, List.of(1.0), null, null));
            h.budgets.pipeInput("w", new Budget("w", BudgetPeriod.WEEK, 100.0, BudgetTier.SOFT, List.of(1.0), null, null));
            h.transfers.pipeInput("t1", transfer("t1", "a", "nobody", 10));
            h.transfers.pipeInput("t2", transfer("t2", "a", "w", 10));
            h.transfers.pipeInput("t3", transfer("t3", "a", "a", 10));
            h.transfers.pipeInput(new TestRecord<>("t4", (BudgetTransfer) null));

            List<String> reasons = new ArrayList<>();
            h.deadLetters.readRecordsToList().forEach(r -> {
                Header m = r.getHeaders().lastHeader(DeadLetters.HEADER_MESSAGE);
                reasons.add(new String(m.value(), StandardCharsets.UTF_8));
            });
            assertThat(reasons).containsExactly(
                    "invalid budget for team 'research': limit must be a positive amount, got 0.0 g",
                    "budget key 'other-key' does not match its team 'research': budgets are keyed by team",
                    "invalid budget transfer t1: team 'nobody' has no budget to receive into",
                    "invalid budget transfer t2: transfers need budgets of the same period: a is daily, w is weekly",
                    "invalid budget transfer t3: from and to are the same team 'a'",
                    "tombstone on the budget transfers topic: transfers cannot be undone, make a transfer back instead");
            assertThat(h.metrics.get(AccountingMetrics.Counter.DEAD_LETTERED_INVALID)).isEqualTo(6);
            assertThat(h.metrics.get(AccountingMetrics.Counter.BUDGETS_SET)).isEqualTo(2);
        }
    }

    @Test
    void shouldMoveLimitBetweenTeamsForThePeriodOfTheTransfer() {
        try (Harness h = replayLike()) {
            fleet(h, "pa", "a");
            h.pod("pb", "ns", "b", "model-b");
            h.budgets.pipeInput("a", new Budget("a", BudgetPeriod.DAY, 100.0, BudgetTier.SOFT, List.of(1.0), null, null));
            h.budgets.pipeInput("b", new Budget("b", BudgetPeriod.DAY, 100.0, BudgetTier.SOFT, List.of(1.0), null, null));
            h.transfers.pipeInput("t1", transfer("t1", "a", "b", 30));
            h.transfers.pipeInput("t2", transfer("t2", "a", "b", 80));   // a has only 70 left: refused
            spend(h, "pa", 1);
            h.sample("pb", "package", "n1", T0, 0);
            h.sample("pb", "package", "n1", T0.plusSeconds(60), FIVE_GRAMS);
            h.flush();
            Map<String, BudgetStatus> last = new LinkedHashMap<>();
            h.budgetStatus.readKeyValuesToList().forEach(kv -> last.put(kv.key, kv.value));
            assertThat(last.get("a").getLimitGrams()).isEqualTo(70.0);
            assertThat(last.get("a").getTransferredGrams()).isEqualTo(-30.0);
            assertThat(last.get("b").getLimitGrams()).isEqualTo(130.0);
            assertThat(h.deadLetters.readRecordsToList()).hasSize(1);
        }
    }

    @Test
    void shouldKeepTheOtherSignalOutOfTheLedger() {
        try (Harness h = replayLike()) {
            h.node("n1", "Z", 1.0);
            h.intensity("Z", T0.minusSeconds(3_600), 500, false);
            h.intensity.pipeInput("Z", new IntensityRecord("Z", T0.minusSeconds(1_800), null, 900.0,
                    IntensitySignal.MARGINAL, "watttime", false, false));
            h.sample("p1", "package", "n1", T0, 0);
            h.sample("p1", "package", "n1", T0.plusSeconds(60), FIVE_GRAMS);
            h.flush();
            assertThat(h.ledgerEntries()).singleElement().satisfies(e ->
                    assertThat(e.getPieces()).allSatisfy(p -> assertThat(p.getGCo2ePerKwh()).isEqualTo(500.0)));
            assertThat(h.metrics.get(AccountingMetrics.Counter.INTENSITY_OTHER_SIGNAL)).isEqualTo(1);
        }
    }

    @Test
    void shouldPublishCarbonAwareWindowsFromTheLatestForecast() {
        try (Harness h = replayLike()) {
            Instant now = Harness.WALL_CLOCK;
            double[] values = {500, 400, 300, 100, 100, 100, 100, 300, 400, 500, 600, 700};
            h.forecasts.pipeInput("Z", forecast("Z", now.minusSeconds(600), now, values));
            Map<String, PolicyDecision> d = lastDecisions(h);
            assertThat(d).containsKeys("zone:Z", "zone:Z/1h", "zone:Z/2h", "zone:Z/4h", "zone:Z/8h");
            PolicyDecision oneHour = d.get("zone:Z/1h");
            assertThat(oneHour.getKind()).isEqualTo(PolicyKind.CARBON_WINDOW);
            assertThat(oneHour.getDecision()).isEqualTo(PolicyVerdict.RUN_AT);
            assertThat(oneHour.getRecommendedStart()).isEqualTo(now.plusSeconds(3 * 3_600));
            assertThat(oneHour.getExpectedGCo2ePerKwh()).isEqualTo(100.0);
            assertThat(oneHour.getNowGCo2ePerKwh()).isEqualTo(500.0);
            assertThat(oneHour.getExpectedSavingFraction()).isCloseTo(0.8, within(1e-12));
            assertThat(oneHour.getReason()).contains("80% less");
            assertThat(d.get("zone:Z").getRecommendedStart()).isEqualTo(oneHour.getRecommendedStart());
            assertThat(d.get("zone:Z/4h").getExpectedGCo2ePerKwh()).isEqualTo(100.0);
            assertThat(d.get("zone:Z/8h").getRecommendedStart()).isEqualTo(now.plusSeconds(3_600));
            assertThat(d.get("zone:Z/8h").getExpectedGCo2ePerKwh()).isEqualTo(225.0);

            // An older forecast arriving later changes nothing.
            h.forecasts.pipeInput("Z", forecast("Z", now.minusSeconds(7_200), now, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
            assertThat(h.policy.readValuesToList()).isEmpty();
            // A later re-judgement (wall clock) publishes again, for the moved "now".
            h.driver.advanceWallClockTime(AccountingOptions.DEFAULT_WINDOW_REFRESH);
            assertThat(lastDecisions(h).get("zone:Z/1h").getValidFrom()).isEqualTo(now.plus(AccountingOptions.DEFAULT_WINDOW_REFRESH));
        }
    }

    @Test
    void shouldStartANewPeriodFromZeroWhenTheWallClockPassesMidnight() {
        AccountingOptions live = AccountingOptions.builder().seriesIdleExpiry(AccountingOptions.NEVER).build();
        try (Harness h = new Harness(live)) {
            Instant t = Harness.WALL_CLOCK.minusSeconds(600);
            h.pod("p1", "ns", "research", "m");
            h.node("n1", "Z", 1.0);
            h.intensity("Z", t.minusSeconds(3_600), 500, false);
            h.budget(BudgetSpec.of("research", dev.carbonledger.domain.budget.BudgetPeriod.DAY, 10,
                    dev.carbonledger.domain.budget.BudgetTier.HARD));
            h.sample("p1", "package", "n1", t, 0);
            h.sample("p1", "package", "n1", t.plusSeconds(60), 2 * FIVE_GRAMS);
            h.flush();
            assertThat(lastDecisions(h).get("team:research").getDecision()).isEqualTo(PolicyVerdict.DENY);
            h.budgetStatus.readValuesToList();
            h.alerts.readValuesToList();

            h.driver.advanceWallClockTime(Duration.ofMinutes(5));

            List<BudgetStatus> statuses = h.budgetStatus.readValuesToList();
            BudgetStatus fresh = statuses.get(statuses.size() - 1);
            assertThat(fresh.getPeriodStart()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
            assertThat(fresh.getSpentGrams()).isZero();
            assertThat(h.alerts.readValuesToList()).filteredOn(a -> a.getAlertName().equals(BudgetAlerts.THRESHOLD_CROSSED))
                    .extracting(AlertEvent::getStatus).containsOnly(AlertStatus.RESOLVED).hasSize(3);
            assertThat(lastDecisions(h).get("team:research").getDecision()).as("the budget renewed").isEqualTo(PolicyVerdict.ALLOW);
        }
    }

    private static BudgetTransfer transfer(String id, String from, String to, double grams) {
        return new BudgetTransfer(id, from, to, grams, T0, "board", "quarterly rebalancing");
    }

    private static IntensityForecast forecast(String zone, Instant generatedAt, Instant from, double[] hourly) {
        List<ForecastPoint> points = new ArrayList<>();
        for (int i = 0; i < hourly.length; i++) {
            points.add(new ForecastPoint(from.plusSeconds(3_600L * i), 3_600, hourly[i]));
        }
        return new IntensityForecast(zone, "test", IntensitySignal.MARGINAL, generatedAt, points);
    }
}
