package dev.carbonledger.collectors.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.collectors.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterStateFileTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripTheStateOfEverySourceThroughAnAtomicallyReplacedFile() throws Exception {
        Path file = dir.resolve("state/collector.json");
        CounterStateFile state = new CounterStateFile(file, "node-a", clock);
        CounterState kepler = new CounterState(Map.of("uid-1\u0000package\u0000c1/dynamic", 120.5),
                Map.of("uid-1\u0000package", 340.25));

        state.save(Map.of("kepler", kepler));
        state.save(Map.of("kepler", kepler));

        assertThat(new CounterStateFile(file, "node-a", clock).load()).containsExactly(Map.entry("kepler", kepler));
        assertThat(Files.list(file.getParent())).as("no temporary file left behind").containsExactly(file);
    }

    @Test
    void shouldStartFreshWithoutFailingWhenTheFileIsCorruptTruncatedOrAbsent() throws Exception {
        Path file = dir.resolve("collector.json");
        CounterStateFile state = new CounterStateFile(file, "node-a", clock);
        assertThat(state.load()).isEmpty();

        Files.writeString(file, "{\"version\":1,\"node\":\"node-a\",\"sources\":{\"kepler\":{\"raw\":{\"a\":1");
        assertThat(state.load()).isEmpty();

        Files.writeString(file, "{\"version\":1,\"node\":\"node-a\",\"sources\":{\"kepler\":{\"raw\":{\"a\":\"x\"},\"totals\":{}}}}");
        assertThat(state.load()).isEmpty();

        Files.writeString(file, "\u0000\u0001garbage");
        assertThat(state.load()).isEmpty();
    }

    @Test
    void shouldIgnoreTheStateOfAnotherNode() {
        Path file = dir.resolve("collector.json");
        new CounterStateFile(file, "node-a", clock).save(Map.of("kepler", new CounterState(Map.of("r", 1.0), Map.of())));

        assertThat(new CounterStateFile(file, "node-b", clock).load()).isEmpty();
        assertThat(new CounterStateFile(file, "node-a", clock).load()).containsKey("kepler");
    }

    @Test
    void shouldNotWriteAStateLargerThanTheBound() throws Exception {
        Path file = dir.resolve("collector.json");
        CounterStateFile state = new CounterStateFile(file, "node-a", clock);
        state.save(Map.of("kepler", new CounterState(Map.of("r", 1.0), Map.of())));
        Map<String, Double> huge = new java.util.HashMap<>();
        for (int i = 0; i <= CounterStateFile.MAX_ENTRIES; i++) {
            huge.put("r" + i, 1.0);
        }

        state.save(Map.of("kepler", new CounterState(huge, Map.of())));

        assertThat(state.load().get("kepler").raw()).containsOnlyKeys("r");
    }

    @Test
    void shouldKeepAPodCounterRisingAcrossARestartWhenTheAccumulatorIsRestored() {
        // Given a pod whose container a restarted (a2), so its total exceeds the sum of its raw counters
        SeriesKey web = new SeriesKey("uid-1", "package");
        PodCounterAccumulator first = new PodCounterAccumulator();
        first.add(web, "a1", 100);
        first.add(web, "b1", 40);
        first.finish();
        first.add(web, "a2", 5);
        first.add(web, "b1", 50);
        assertThat(first.finish()).containsEntry(web, 155.0);
        Path file = dir.resolve("collector.json");
        new CounterStateFile(file, "node-a", clock).save(Map.of("kepler", first.snapshot()));

        // When the collector restarts and reads a2 = 8, b1 = 60
        PodCounterAccumulator restored = new PodCounterAccumulator();
        restored.restore(new CounterStateFile(file, "node-a", clock).load().get("kepler"));
        restored.add(web, "a2", 8);
        restored.add(web, "b1", 60);
        PodCounterAccumulator fresh = new PodCounterAccumulator();
        fresh.add(web, "a2", 8);
        fresh.add(web, "b1", 60);

        // Then the counter continues (+3 +10) instead of dropping to 68, which the pipeline would read as a reset
        assertThat(restored.finish()).containsEntry(web, 168.0);
        assertThat(fresh.finish()).containsEntry(web, 68.0);
    }
}
