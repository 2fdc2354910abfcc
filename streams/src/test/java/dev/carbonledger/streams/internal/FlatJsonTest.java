package dev.carbonledger.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-30T00:00:00Z");

    private static BudgetStatus status(double burnRate, Instant exhaustion) {
        return new BudgetStatus("re\"search\n", BudgetPeriod.DAY, BudgetTier.HARD, START, START.plusSeconds(86_400),
                5000.0, 2500.5, 2499.5, 0.5001, burnRate, exhaustion, Instant.parse("2026-11-30T12:00:00.250Z"),
                1.8e7, 0.0);
    }

    @Test
    void shouldWriteEveryFieldFlatInSchemaOrderWithIsoTimesAndEnumsAsStrings() throws Exception {
        JsonNode node = JSON.readTree(FlatJson.encode(status(1.5, START.plusSeconds(70_000))));

        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("team", "period", "tier", "periodStart", "periodEnd", "limitGrams",
                "spentGrams", "remainingGrams", "fraction", "burnRate", "projectedExhaustion", "updatedAt",
                "energyJoules", "transferredGrams");
        assertThat(node.get("team").asText()).isEqualTo("re\"search\n");
        assertThat(node.get("period").asText()).isEqualTo("DAY");
        assertThat(node.get("tier").asText()).isEqualTo("HARD");
        assertThat(node.get("periodStart").asText()).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(node.get("projectedExhaustion").asText()).isEqualTo("2026-11-30T19:26:40Z");
        assertThat(node.get("updatedAt").asText()).isEqualTo("2026-11-30T12:00:00.250Z");
        assertThat(node.get("spentGrams").isNumber()).isTrue();
        assertThat(node.get("spentGrams").asDouble()).isEqualTo(2500.5);
        assertThat(node.get("energyJoules").asDouble()).isEqualTo(1.8e7);
    }

    @Test
    void shouldWriteNullForAbsentAndNonFiniteNumbers() throws Exception {
        JsonNode node = JSON.readTree(FlatJson.encode(status(Double.POSITIVE_INFINITY, null)));

        assertThat(node.get("projectedExhaustion").isNull()).isTrue();
        assertThat(node.get("burnRate").isNull()).isTrue();
    }

    @Test
    void shouldKeepTombstonesAsNull() {
        assertThat(FlatJson.encode(null)).isNull();
    }
}
