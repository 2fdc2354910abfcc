package dev.carbonledger.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EmissionsWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowResultsTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private static EmissionsWindow window(String group, Instant start, double joules, double grams) {
        return EmissionsWindow.newBuilder().setDimension("team").setGroup(group).setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60)).setEnergyJoules(joules).setCo2eGrams(grams).setPieces(1)
                .setFinal$(false).build();
    }

    @Test
    void shouldKeepTheLatestValuePerGroupAndWindowAndWriteSortedRows(@TempDir Path dir) throws Exception {
        WindowResults results = new WindowResults();
        results.accept(window("b", T0, 10, 1));
        results.accept(window("a", T0.plusSeconds(60), 5, 0.5));
        results.accept(window("a", T0, 1, 0.1));
        results.accept(window("a", T0, 3, 0.3)); // supersedes the running value above
        results.accept(window("c", T0, 0, 0)); // received no energy: no row

        results.write(dir.resolve("team_windows.jsonl"), "team");

        assertThat(Files.readAllLines(dir.resolve("team_windows.jsonl"))).containsExactly(
                "{\"team\":\"a\",\"windowStart\":\"2024-03-01T10:00:00Z\",\"windowEnd\":\"2024-03-01T10:01:00Z\",\"energyJoules\":3.0,\"co2eGrams\":0.3}",
                "{\"team\":\"a\",\"windowStart\":\"2024-03-01T10:01:00Z\",\"windowEnd\":\"2024-03-01T10:02:00Z\",\"energyJoules\":5.0,\"co2eGrams\":0.5}",
                "{\"team\":\"b\",\"windowStart\":\"2024-03-01T10:00:00Z\",\"windowEnd\":\"2024-03-01T10:01:00Z\",\"energyJoules\":10.0,\"co2eGrams\":1.0}");
        assertThat(results.totalJoules()).isEqualTo(18.0);
    }
}
