package dev.carbonledger.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CarbonLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault harness's short form, as CI runs it: a child-JVM broker, two streams instances, the sinks and a collector,
 * each its own JVM, through seven faults; then zero differences against the fault-free replay of the same input.
 */
class ChaosIT {
    @TempDir
    Path work;

    @Test
    void shouldLoseAndDoubleNothingThroughEveryFaultOfTheShortForm() throws Exception {
        Path report = work.resolve("report.txt");

        int exit = CarbonLedger.execute(Map.of(), "chaos", "--form", "short", "--work-dir", work.resolve("run").toString(),
                "--report", report.toString());

        String text = Files.readString(report);
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("faults injected: 7").doesNotContain("(not recovered)")
                .contains("differences: 0 (none: nothing lost, nothing doubled)");
        List<String> lines = Files.readAllLines(report);
        assertThat(lines).filteredOn(l -> l.contains("differences,")).hasSize(4)
                .allMatch(l -> l.contains(" 0 differences"));
        assertThat(lines).anyMatch(l -> l.startsWith("collector: ") && l.endsWith("(+0.000 J)"));
        assertThat(lines).anyMatch(l -> l.startsWith("ledger: ") && l.contains(": 0 running totals differ"));
        assertThat(lines).anyMatch(l -> l.startsWith("exporter: ") && l.contains(": 0 went down"));
        assertThat(lines).anyMatch(l -> l.startsWith("alerts: ") && l.contains(": 0 never notified, 0 notified that the "
                + "topic never had, 0 notified again after resolving"));
        assertThat(lines).contains("dead-lettered records: 0");
        // The registry outages end in a clear error and a restart, not a hang or a dead letter.
        assertThat(lines).filteredOn(l -> l.contains(" exited 1: "))
                .allMatch(l -> l.contains("the schema registry is unavailable"));
    }
}
