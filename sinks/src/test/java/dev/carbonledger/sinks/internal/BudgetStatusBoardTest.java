package dev.carbonledger.sinks.internal;

import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.sinks.testing.Records;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetStatusBoardTest {
    private static final Instant TODAY = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant YESTERDAY = TODAY.minusSeconds(86_400);
    private final BudgetStatusBoard board = new BudgetStatusBoard();

    private static BudgetStatus day(Instant start, double spent) {
        return Records.status("research", BudgetPeriod.DAY, BudgetTier.HARD, start, start.plusSeconds(86_400), 1000,
                spent, 1.0, null);
    }

    @Test
    void shouldKeepTheCurrentPeriodWhenALateCorrectionOfAPastPeriodArrivesAfterIt() {
        board.accept("research", day(TODAY, 100));
        board.accept("research", day(YESTERDAY, 990));

        assertThat(board.latest("research")).get().extracting(BurnStatus::spentGrams).isEqualTo(100.0);
    }

    @Test
    void shouldReplaceTheStatusWhenTheSamePeriodArrivesAgain() {
        board.accept("research", day(TODAY, 100));
        board.accept("research", day(TODAY, 150));

        assertThat(board.current("research", T0.toEpochMilli())).get().extracting(BurnStatus::spentGrams)
                .isEqualTo(150.0);
    }

    @Test
    void shouldReportNoCurrentStatusWhenItsPeriodIsOver() {
        board.accept("research", day(YESTERDAY, 100));

        assertThat(board.current("research", T0.toEpochMilli())).isEmpty();
        assertThat(board.current(T0.toEpochMilli())).isEmpty();
        assertThat(board.latest("research")).isPresent();
    }

    @Test
    void shouldForgetTheTeamWhenATombstoneArrives() {
        board.accept("research", day(TODAY, 100));
        board.accept("research", null);

        assertThat(board.latest("research")).isEmpty();
        assertThat(board.size()).isZero();
    }
}
