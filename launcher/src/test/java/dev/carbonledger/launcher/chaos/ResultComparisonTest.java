package dev.carbonledger.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultComparisonTest {
    private static final List<String> KEY = List.of("team", "windowStart");
    private static final List<String> VALUES = List.of("energyJoules", "co2eGrams");

    @TempDir
    Path dir;

    @Test
    void shouldFindNothingWhenRowsAgreeUpToTheLastBitsOfASum() throws IOException {
        Path a = write("a", row("t", 0, 0.1 + 0.2, 3.0), row("t", 60, 5, 1));
        Path b = write("b", row("t", 60, 5, 1), row("t", 0, 0.3, 3.0));

        ResultComparison.Outcome outcome = ResultComparison.compare("x", a, b, KEY, VALUES, r -> true);

        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.rows()).isEqualTo(2);
    }

    @Test
    void shouldCountMissingExtraAndDifferingRowsWithTheJoulesAndGramsLostOrDoubled() throws IOException {
        Path expected = write("a", row("t", 0, 10, 1), row("t", 60, 20, 2), row("u", 0, 5, 0.5));
        Path actual = write("b", row("t", 0, 10, 1), row("t", 60, 40, 4), row("v", 0, 7, 0.7));

        ResultComparison.Outcome outcome = ResultComparison.compare("x", expected, actual, KEY, VALUES, r -> true);

        assertThat(outcome.differences()).as("u missing, v extra, t@60 twice (joules and grams)").isEqualTo(4);
        assertThat(outcome.joulesDelta()).isEqualTo(20 - 5 + 7);
        assertThat(outcome.gramsDelta()).isCloseTo(2 - 0.5 + 0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(outcome.examples()).anyMatch(e -> e.startsWith("missing team=u"))
                .anyMatch(e -> e.startsWith("extra team=v"));
    }

    @Test
    void shouldLeaveOutRowsTheFilterExcludes() throws IOException {
        Path expected = write("a", row("t", 0, 10, 1));
        Path actual = write("b", row("t", 0, 10, 1), row("chaos-collector", 0, 99, 9));

        ResultComparison.Outcome outcome = ResultComparison.compare("x", expected, actual, KEY, VALUES,
                r -> !r.path("team").asText().equals("chaos-collector"));

        assertThat(outcome.clean()).isTrue();
    }

    private Path write(String name, String... rows) throws IOException {
        return Files.write(dir.resolve(name + ".jsonl"), List.of(rows));
    }

    private static String row(String team, long start, double joules, double grams) {
        return "{\"team\":\"" + team + "\",\"windowStart\":" + start + ",\"energyJoules\":" + joules + ",\"co2eGrams\":"
                + grams + "}";
    }
}
