package dev.carbonledger.launcher.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ComparisonOutputTest {
    private static final CompareRange RANGE = new CompareRange(Instant.parse("2026-11-30T06:00:00Z"),
            Instant.parse("2026-11-30T07:00:00Z"));

    private static Map<String, ModelTotals> totals() {
        TreeMap<String, ModelTotals.UnitTotals> bigUnits = new TreeMap<>();
        bigUnits.put("request", new ModelTotals.UnitTotals("request", 3, 1825, 30, 1500));
        bigUnits.put("token", new ModelTotals.UnitTotals("token", 1, 950, 10, 100_000));
        TreeMap<String, ModelTotals.UnitTotals> smallUnits = new TreeMap<>();
        smallUnits.put("request", new ModelTotals.UnitTotals("request", 2, 450, 10, 9000));
        Map<String, ModelTotals> totals = new LinkedHashMap<>();
        totals.put("big", new ModelTotals("big", 3, 1.476e7, 1875, 30, bigUnits));
        totals.put("small", new ModelTotals("small", 2, 3.6e6, 450, 10, smallUnits));
        return totals;
    }

    @Test
    void shouldPrintModelsAsColumnsWithADashWhereAUnitIsMissing() {
        String table = ComparisonOutput.table(RANGE, totals());

        assertThat(table.lines().findFirst().orElseThrow()).contains("2026-11-30T06:00:00Z").contains("sum E*I");
        assertThat(table).containsPattern("\\n\\s+big\\s+small\\n");
        assertThat(table).containsPattern("energy \\(kWh\\)\\s+4\\.1\\s+1\\n");
        assertThat(table).containsPattern("energy \\(J\\)\\s+14760000\\s+3600000\\n");
        assertThat(table).containsPattern("SCI \\(g CO2e/request\\)\\s+1\\.23667\\s+0\\.0511111\\n");
        assertThat(table).containsPattern("R \\(token\\)\\s+100000\\s+-\\n");
    }

    @Test
    void shouldWriteCsvInBaseUnitsWithEmptyCellsWhereNoneApplies() {
        String[] lines = ComparisonOutput.csv(totals()).split("\n");

        assertThat(lines[0]).isEqualTo("metric,big,small");
        assertThat(lines).contains("windows,3,2", "energy_joules,14760000,3600000", "emissions_grams,1875,450",
                "embodied_grams,30,10", "functional_units_token,100000,", "sci_grams_per_token,0.0096,");
        String sci = java.util.Arrays.stream(lines).filter(l -> l.startsWith("sci_grams_per_request,")).findFirst()
                .orElseThrow();
        assertThat(Double.parseDouble(sci.split(",")[1])).isEqualTo(1855 / 1500.0);
    }

    @Test
    void shouldWriteJsonWithNumbersAsNumbers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ComparisonOutput.json(RANGE, totals()));

        assertThat(json.get("from").asText()).isEqualTo("2026-11-30T06:00:00Z");
        JsonNode big = json.get("models").get(0);
        assertThat(big.get("model").asText()).isEqualTo("big");
        assertThat(big.get("energyKwh").doubleValue()).isEqualTo(4.1);
        assertThat(big.get("units").get(0).get("sciGramsPerUnit").doubleValue()).isEqualTo(1855 / 1500.0);
    }

    @Test
    void shouldRoundForPeopleAndKeepFullPrecisionForMachines() {
        assertThat(ComparisonOutput.human(1855 / 1500.0)).isEqualTo("1.23667");
        assertThat(ComparisonOutput.human(null)).isEqualTo("-");
        assertThat(ComparisonOutput.human(44_444_160.4)).as("no joule lost to rounding").isEqualTo("44444160");
        assertThat(ComparisonOutput.human(5862.1)).isEqualTo("5862.1");
        assertThat(ComparisonOutput.plain(1.0e-7)).isEqualTo("0.0000001");
        assertThat(ComparisonOutput.plain(null)).isEmpty();
    }
}
