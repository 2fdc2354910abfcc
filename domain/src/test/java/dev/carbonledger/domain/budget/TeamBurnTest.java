package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.domain.budget.BudgetGate.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeamBurnTest {
    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    private static final long DAY1 = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final long DAY2 = DAY1 + 24 * HOUR;
    private static final BurnSettings SETTINGS = BurnSettings.defaults(MIN);

    private static TeamBurn withBudget(double limit, BudgetTier tier, long now) {
        TeamBurn burn = new TeamBurn("research", SETTINGS);
        burn.setBudget(BudgetSpec.of("research", BudgetPeriod.DAY, limit, tier), now);
        return burn;
    }

    private static <T extends BurnEvent> List<T> of(List<BurnEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<Double> crossed(List<BurnEvent> events) {
        return of(events, BurnEvent.ThresholdCrossed.class).stream().map(BurnEvent.ThresholdCrossed::threshold).toList();
    }

    @Test
    void shouldAlertEachThresholdExactlyOncePerPeriod() {
        TeamBurn burn = withBudget(1_000, BudgetTier.SOFT, DAY1 + HOUR);
        assertThat(crossed(burn.addSpend(DAY1 + HOUR, 499, 1, DAY1 + HOUR))).isEmpty();
        assertThat(crossed(burn.addSpend(DAY1 + HOUR + MIN, 1, 1, DAY1 + HOUR + MIN))).containsExactly(0.5);
        assertThat(crossed(burn.addSpend(DAY1 + HOUR + 2 * MIN, 10, 1, DAY1 + HOUR + 2 * MIN))).isEmpty();
        assertThat(crossed(burn.addSpend(DAY1 + HOUR + 3 * MIN, 600, 1, DAY1 + HOUR + 3 * MIN))).containsExactly(0.8, 1.0);
        assertThat(crossed(burn.addSpend(DAY1 + HOUR + 4 * MIN, 600, 1, DAY1 + HOUR + 4 * MIN))).isEmpty();
    }

    @Test
    void shouldCrossThresholdsWhenTheLimitIsLoweredMidPeriod() {
        TeamBurn burn = withBudget(1_000, BudgetTier.SOFT, DAY1 + HOUR);
        burn.addSpend(DAY1 + HOUR, 600, 1, DAY1 + HOUR);
        List<BurnEvent> events = burn.setBudget(BudgetSpec.of("research", BudgetPeriod.DAY, 700, BudgetTier.SOFT),
                DAY1 + 2 * HOUR);
        assertThat(crossed(events)).containsExactly(0.8);
        BurnStatus status = of(events, BurnEvent.Status.class).get(0).status();
        assertThat(status.limitGrams()).isEqualTo(700);
        assertThat(status.spentGrams()).isEqualTo(600);
        // Raising it again does not re-alert a crossed threshold, lowering further crosses the next one only.
        assertThat(crossed(burn.setBudget(BudgetSpec.of("research", BudgetPeriod.DAY, 5_000, BudgetTier.SOFT), DAY1 + 3 * HOUR))).isEmpty();
        assertThat(crossed(burn.setBudget(BudgetSpec.of("research", BudgetPeriod.DAY, 550, BudgetTier.SOFT), DAY1 + 4 * HOUR)))
                .containsExactly(1.0);
    }

    @Test
    void shouldStartANewPeriodFromZeroAndResolveTheOldAlerts() {
        TeamBurn burn = withBudget(1_000, BudgetTier.HARD, DAY1 + HOUR);
        burn.addSpend(DAY1 + HOUR, 900, 1, DAY1 + HOUR);
        List<BurnEvent> rollover = burn.advance(DAY2 + MIN);
        assertThat(of(rollover, BurnEvent.ThresholdResolved.class)).extracting(BurnEvent.ThresholdResolved::threshold)
                .containsExactly(0.5, 0.8);
        BurnStatus fresh = of(rollover, BurnEvent.Status.class).get(0).status();
        assertThat(fresh.periodStart()).isEqualTo(DAY2);
        assertThat(fresh.spentGrams()).isZero();
        assertThat(crossed(burn.addSpend(DAY2 + MIN, 500, 1, DAY2 + MIN))).containsExactly(0.5);
    }

    @Test
    void shouldCountLateSpendInItsOwnPeriodAndRepublishTheCurrentOne() {
        TeamBurn burn = withBudget(1_000, BudgetTier.SOFT, DAY1 + HOUR);
        burn.addSpend(DAY1 + HOUR, 400, 1, DAY1 + HOUR);
        burn.addSpend(DAY2 + HOUR, 100, 1, DAY2 + HOUR);
        List<BurnEvent> late = burn.addSpend(DAY1 + 23 * HOUR, 200, 1, DAY2 + HOUR);
        List<BurnStatus> statuses = of(late, BurnEvent.Status.class).stream().map(BurnEvent.Status::status).toList();
        assertThat(statuses).extracting(BurnStatus::periodStart).containsExactly(DAY1, DAY2);
        assertThat(statuses).extracting(BurnStatus::spentGrams).containsExactly(600.0, 100.0);
        assertThat(crossed(late)).containsExactly(0.5);
        assertThat(of(burn.advance(DAY2 + HOUR + MIN), BurnEvent.ThresholdResolved.class))
                .as("a crossing in a period that is over resolves at the next evaluation").hasSize(1);
    }

    @Test
    void shouldMoveLimitByTransfersForThePeriodOnly() {
        TeamBurn burn = withBudget(1_000, BudgetTier.HARD, DAY1 + HOUR);
        burn.addSpend(DAY1 + HOUR, 700, 1, DAY1 + HOUR);
        List<BurnEvent> in = burn.transfer(DAY1 + 2 * HOUR, 500, DAY1 + 2 * HOUR);
        BurnStatus status = of(in, BurnEvent.Status.class).get(0).status();
        assertThat(status.limitGrams()).isEqualTo(1_500);
        assertThat(status.transferredGrams()).isEqualTo(500);
        assertThat(crossed(burn.transfer(DAY1 + 2 * HOUR, -900, DAY1 + 2 * HOUR))).containsExactly(0.8, 1.0);
        burn.advance(DAY2);
        assertThat(burn.currentStatus().limitGrams()).as("the next day has its own limit again").isEqualTo(1_000);
        assertThat(new TeamBurn("nobudget", SETTINGS).transfer(DAY1, 10, DAY1)).isNull();
    }

    @Test
    void shouldPageOnAFastBurnAndResolveWhenItFallsBack() {
        // 1440 g per day: sustainable 1 g per minute; the fast condition is 14.4x over 2 min and 1 min, judged on
        // complete minutes only (the one under way is still filling).
        TeamBurn burn = withBudget(1_440, BudgetTier.SOFT, DAY1);
        assertThat(of(burn.addSpend(DAY1 + 10 * MIN, 20, 1, DAY1 + 10 * MIN), BurnEvent.BurnRate.class)).isEmpty();
        assertThat(of(burn.addSpend(DAY1 + 11 * MIN, 20, 1, DAY1 + 11 * MIN), BurnEvent.BurnRate.class))
                .as("minute 10 alone, over 2 min, is 10x").isEmpty();
        List<BurnEvent> events = burn.advance(DAY1 + 12 * MIN);
        List<BurnEvent.BurnRate> fast = of(events, BurnEvent.BurnRate.class);
        assertThat(fast).singleElement().satisfies(b -> {
            assertThat(b.speed()).isEqualTo(BurnEvent.Speed.FAST);
            assertThat(b.firing()).isTrue();
            assertThat(b.longBurn()).isCloseTo(20.0, within(1e-6));
            assertThat(b.shortBurn()).isCloseTo(20.0, within(1e-6));
        });
        assertThat(of(burn.advance(DAY1 + 12 * MIN + 59_000), BurnEvent.BurnRate.class))
                .as("no flapping while the next minute fills").isEmpty();
        List<BurnEvent.BurnRate> after = of(burn.advance(DAY1 + 14 * MIN), BurnEvent.BurnRate.class);
        assertThat(after).singleElement().satisfies(b -> {
            assertThat(b.firing()).isFalse();
            assertThat(b.since()).isEqualTo(DAY1 + 12 * MIN);
            assertThat(b.at()).isEqualTo(DAY1 + 14 * MIN);
        });
    }

    @Test
    void shouldOpenATicketOnASlowSustainedBurn() {
        TeamBurn burn = withBudget(1_440, BudgetTier.SOFT, DAY1);
        List<BurnEvent.BurnRate> slow = List.of();
        for (int m = 0; m < 50 && slow.isEmpty(); m++) {
            slow = of(burn.addSpend(DAY1 + m * MIN, 4, 1, DAY1 + m * MIN), BurnEvent.BurnRate.class);
        }
        assertThat(slow).singleElement().satisfies(b -> {
            assertThat(b.speed()).isEqualTo(BurnEvent.Speed.SLOW);
            assertThat(b.firing()).isTrue();
            assertThat(b.at()).as("3x over 48 min needs 36 complete minutes of 4x").isEqualTo(DAY1 + 36 * MIN);
        });
    }

    @Test
    void shouldPublishGateDecisionsWhenTheyChange() {
        TeamBurn burn = new TeamBurn("research", SETTINGS);
        List<BurnEvent> set = burn.setBudget(BudgetSpec.of("research", BudgetPeriod.DAY, 1_000, BudgetTier.HARD), DAY1);
        assertThat(of(set, BurnEvent.Gate.class)).extracting(g -> g.decision().verdict())
                .containsExactly(Verdict.ALLOW, Verdict.ALLOW);
        assertThat(of(burn.addSpend(DAY1, 500, 1, DAY1), BurnEvent.Gate.class)).isEmpty();
        List<BurnEvent.Gate> gates = of(burn.addSpend(DAY1 + MIN, 500, 1, DAY1 + MIN), BurnEvent.Gate.class);
        assertThat(gates).extracting(BurnEvent.Gate::workloadClass).containsExactly(null, "critical");
        assertThat(gates).extracting(g -> g.decision().verdict()).containsOnly(Verdict.DENY);
        assertThat(of(burn.advance(DAY2), BurnEvent.Gate.class)).extracting(g -> g.decision().verdict())
                .as("the budget renews with the period").containsOnly(Verdict.ALLOW);
    }

    @Test
    void shouldWithdrawEverythingWhenTheBudgetIsDeleted() {
        TeamBurn burn = withBudget(1_000, BudgetTier.HARD, DAY1);
        burn.addSpend(DAY1, 2_000, 1, DAY1);
        List<BurnEvent> events = burn.deleteBudget(DAY1 + MIN);
        assertThat(of(events, BurnEvent.ThresholdResolved.class)).hasSize(3);
        assertThat(of(events, BurnEvent.Gate.class)).extracting(g -> g.decision().verdict()).containsOnly(Verdict.ALLOW);
        assertThat(of(events, BurnEvent.StatusRemoved.class)).hasSize(1);
        assertThat(burn.budget()).isNull();
        assertThat(burn.addSpend(DAY1 + MIN, 5, 1, DAY1 + MIN)).isEmpty();
    }

    @Test
    void shouldOnlyRecordUntilATimeIsKnown() {
        TeamBurn burn = new TeamBurn("research", SETTINGS);
        assertThat(burn.setBudget(BudgetSpec.of("research", BudgetPeriod.DAY, 1_000, BudgetTier.HARD), TeamBurn.NONE))
                .isEmpty();
        List<BurnEvent> first = burn.addSpend(DAY1, 600, 1, DAY1);
        assertThat(of(first, BurnEvent.Status.class)).hasSize(1);
        assertThat(crossed(first)).containsExactly(0.5);
    }

    @Test
    void shouldBehaveTheSameAfterAnEncodeDecodeRoundTrip() {
        TeamBurn original = withBudget(1_440, BudgetTier.HARD, DAY1);
        original.addSpend(DAY1 + 10 * MIN, 20, 2, DAY1 + 10 * MIN);
        original.addSpend(DAY1 + 11 * MIN, 20, 2, DAY1 + 11 * MIN);
        original.transfer(DAY1 + 11 * MIN, 100, DAY1 + 11 * MIN);
        TeamBurn copy = TeamBurnCodec.decode("research", TeamBurnCodec.encode(original), SETTINGS);
        assertThat(TeamBurnCodec.encode(copy)).isEqualTo(TeamBurnCodec.encode(original));
        for (TeamBurn b : List.of(original, copy)) {
            b.addSpend(DAY1 + 12 * MIN, 700, 2, DAY1 + 12 * MIN);
        }
        assertThat(copy.advance(DAY2).toString()).isEqualTo(original.advance(DAY2).toString());
        assertThat(TeamBurnCodec.encode(copy)).isEqualTo(TeamBurnCodec.encode(original));
    }

    @Test
    void shouldIgnoreSpendPastRetentionForBudgetsOnly() {
        assertThat(TeamBurn.tooOld(DAY1, DAY1 + TeamBurn.RETENTION_MILLIS + 1)).isTrue();
        assertThat(TeamBurn.tooOld(DAY1, DAY1 + TeamBurn.RETENTION_MILLIS)).isFalse();
        assertThat(TeamBurn.tooOld(DAY1, TeamBurn.NONE)).isFalse();
    }
}
