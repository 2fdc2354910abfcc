package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BurnStatusTest {
    private static final long DAY_START = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    @Test
    void shouldComputeBurnRateAndProjectionByHand() {
        // Given a 2.4 kg daily budget (sustainable: 100 g/h), 600 g spent by 06:00, 300 g of it in the last 48 min
        BurnStatus s = BurnStatus.of("research", BudgetPeriod.DAY, BudgetTier.HARD, DAY_START, 2_400, 0, 600, 1e6, 300,
                48 * 60_000L, DAY_START + 6 * HOUR);
        // Then: 300 g in 0.8 h = 375 g/h, 3.75 x the sustainable rate
        assertThat(s.remainingGrams()).isEqualTo(1_800);
        assertThat(s.fraction()).isEqualTo(0.25);
        assertThat(s.burnRate()).isCloseTo(3.75, within(1e-12));
        // 1800 g left at 375 g/h: 4.8 h after 06:00 = 10:48
        assertThat(s.projectedExhaustion()).isEqualTo(Instant.parse("2026-11-30T10:48:00Z").toEpochMilli());
        assertThat(s.current()).isTrue();
        assertThat(s.periodEnd()).isEqualTo(DAY_START + 24 * HOUR);
    }

    @Test
    void shouldNotProjectBeyondThePeriodOrPastExhaustion() {
        BurnStatus slow = BurnStatus.of("t", BudgetPeriod.DAY, BudgetTier.SOFT, DAY_START, 2_400, 0, 600, 0, 10, HOUR,
                DAY_START + 6 * HOUR);
        assertThat(slow.burnRate()).isCloseTo(0.1, within(1e-12));
        assertThat(slow.projectedExhaustion()).as("1800 g at 10 g/h lasts past midnight").isNull();
        BurnStatus spent = BurnStatus.of("t", BudgetPeriod.DAY, BudgetTier.SOFT, DAY_START, 2_400, 0, 2_500, 0, 500, HOUR,
                DAY_START + 6 * HOUR);
        assertThat(spent.exhausted()).isTrue();
        assertThat(spent.projectedExhaustion()).isNull();
    }

    @Test
    void shouldUseTheWholePeriodAverageForAPastPeriod() {
        BurnStatus past = BurnStatus.of("t", BudgetPeriod.DAY, BudgetTier.SOFT, DAY_START, 2_000, 0, 1_500, 0, 999, HOUR,
                DAY_START + 30 * HOUR);
        assertThat(past.current()).isFalse();
        assertThat(past.burnRate()).isEqualTo(0.75);
        assertThat(past.projectedExhaustion()).isNull();
    }
}
