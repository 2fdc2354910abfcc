package dev.carbonledger.launcher.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.BurnStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What {@code budgets list} prints: the spend of the period that contains now, or "-". */
class BudgetListingTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final long TODAY = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final Instant SET_AT = Instant.parse("2026-11-01T08:00:00Z");

    private final Map<String, StoredBudget> budgets = new TreeMap<>(Map.of(
            "search", new StoredBudget(BudgetSpec.of("search", BudgetPeriod.DAY, 5_000, BudgetTier.SOFT), "bob", SET_AT),
            "research", new StoredBudget(BudgetSpec.validated("research", BudgetPeriod.DAY, 15_000, BudgetTier.HARD,
                    List.of(0.75, 1.0)), "alice", SET_AT),
            "ads", new StoredBudget(BudgetSpec.of("ads", BudgetPeriod.WEEK, 1_500_000, BudgetTier.SOFT), null, null)));
    // research spent 6 kg of 10 kg (5 kg moved out) today at twice the sustainable rate; search's status is yesterday's;
    // ads's is of a daily budget it no longer has.
    private final Map<String, BurnStatus> statuses = Map.of(
            "research", new BurnStatus("research", BudgetPeriod.DAY, BudgetTier.HARD, TODAY, TODAY + 86_400_000L, 10_000,
                    -5_000, 6_000, 1.2e8, 2.0, null, NOW.toEpochMilli()),
            "search", BurnStatus.of("search", BudgetPeriod.DAY, BudgetTier.SOFT, TODAY - 86_400_000L, 5_000, 0, 4_000, 0, 0, 0,
                    NOW.toEpochMilli()),
            "ads", BurnStatus.of("ads", BudgetPeriod.DAY, BudgetTier.SOFT, TODAY, 5_000, 0, 4_000, 0, 0, 0, NOW.toEpochMilli()));

    @Test
    void shouldPrintAnAlignedTableSortedByTeam() {
        List<String> table = BudgetListing.table(BudgetListing.rows(budgets, statuses, NOW));

        assertThat(table).containsExactly(
                "TEAM      PERIOD  LIMIT          TIER  THRESHOLDS    SPENT  USED  BURN   UPDATED-BY",
                "ads       week    1.5 t          soft  50%,80%,100%  -      -     -      -",
                "research  day     15 kg (-5 kg)  hard  75%,100%      6 kg   60%   2.00x  alice",
                "search    day     5 kg           soft  50%,80%,100%  -      -     -      bob");
    }

    @Test
    void shouldPrintJsonWithNumbersAsNumbersAndIsoTimes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(BudgetListing.json(BudgetListing.rows(budgets, statuses, NOW)));

        assertThat(json).hasSize(3);
        JsonNode research = json.get(1);
        assertThat(research.get("team").asText()).isEqualTo("research");
        assertThat(research.get("limitGrams").isNumber()).isTrue();
        assertThat(research.get("limitGrams").asDouble()).isEqualTo(15_000);
        assertThat(research.get("thresholds").toString()).isEqualTo("[0.75,1.0]");
        assertThat(research.get("updatedAt").asText()).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(research.get("current").get("periodStart").asText()).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(research.get("current").get("spentGrams").asDouble()).isEqualTo(6_000);
        assertThat(research.get("current").get("fraction").asDouble()).isEqualTo(0.6);
        assertThat(research.get("current").get("transferredGrams").asDouble()).isEqualTo(-5_000);
        assertThat(json.get(0).get("current").isNull()).isTrue();
        assertThat(json.get(0).get("updatedBy").isNull()).isTrue();
    }

    @Test
    void shouldDescribeABudgetInOneLine() {
        assertThat(BudgetText.describe(budgets.get("research").spec()))
                .isEqualTo("research 15 kg per day, hard, thresholds 75% 100%");
        assertThat(BudgetText.percent(0.125)).isEqualTo("12.5%");
        assertThat(BudgetText.percent(0.07)).isEqualTo("7%");
    }
}
