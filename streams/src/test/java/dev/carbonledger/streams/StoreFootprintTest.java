package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.streams.internal.StoreNames;
import dev.carbonledger.streams.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each state store of the accounting topology holds, measured on its changelog (the compacted topic the store is
 * restored from at every start: its latest record per key is the store's content) for a fleet of 2,000 pods × 5
 * components in one open window (docs/operations.md, "State stores: sizes and retention"). Also pins that no store is
 * persistent: the state directory then stays empty, which is what the disk-full behaviour rests on.
 */
class StoreFootprintTest {
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreFootprintTest.class);
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String APPLICATION_ID = "accounting-test";
    private static final int PODS = 2_000;
    private static final int TEAMS = 20;
    private static final int MODELS = 10;
    private static final List<String> COMPONENTS = List.of("package", "core", "dram", "gpu", "platform");

    /** Entries (keys whose latest record is not a tombstone) and their bytes, of one changelog. */
    record Footprint(int entries, long keyBytes, long valueBytes, int recordsWritten) {
        double bytesPerEntry() {
            return entries == 0 ? 0 : (double) (keyBytes + valueBytes) / entries;
        }
    }

    @Test
    void shouldKeepEveryStoreInMemorySoThatNothingIsWrittenToTheStateDirectory() {
        try (Harness h = new Harness(AccountingOptions.defaults())) {
            Map<String, StateStore> stores = h.driver.getAllStateStores();
            assertThat(stores).as("stores of the topology").hasSize(14);
            assertThat(stores.values()).allSatisfy(s -> assertThat(s.persistent())
                    .as("store %s is persistent: it would write to the state directory, see docs/operations.md", s.name())
                    .isFalse());
        }
    }

    @Test
    void shouldHoldOneEntryPerPodPerGroupAndWindowAndPerTotalAsDocumented() {
        StoreNames names = StoreNames.DEFAULT;
        try (Harness h = new Harness(AccountingOptions.defaults())) {
            // Given 2,000 pods × 5 components on 4 nodes (2 zones), 20 teams, 10 models, 10 namespaces; budgets for 5
            // teams, a day-ahead forecast per zone, 3 models counting requests; two intervals per series in one window
            for (int n = 0; n < 4; n++) {
                h.node("node-" + n, "zone-" + (n % 2), 1.2, 40.0);
                h.intensity("zone-" + (n % 2), T0.minusSeconds(3_600), 300, false);
            }
            for (int t = 0; t < 5; t++) {
                h.budget(BudgetSpec.of(team(t), BudgetPeriod.MONTH, 1_000_000, BudgetTier.SOFT));
            }
            for (int z = 0; z < 2; z++) {
                List<ForecastPoint> points = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    points.add(new ForecastPoint(Harness.WALL_CLOCK.plusSeconds(1_800L * i), 1_800, 200.0 + i));
                }
                h.forecasts.pipeInput(new TestRecord<>("zone-" + z, new IntensityForecast("zone-" + z, "test",
                        IntensitySignal.AVERAGE, Harness.WALL_CLOCK, points), Harness.WALL_CLOCK));
            }
            Set<List<String>> groups = new HashSet<>();
            for (int p = 0; p < PODS; p++) {
                h.pod(pod(p), "ns-" + (p % 10), team(p % TEAMS), "model-" + (p % MODELS));
                groups.add(List.of(team(p % TEAMS), "model-" + (p % MODELS), "ns-" + (p % 10), "zone-" + (p % 4 % 2)));
            }
            for (int s : new int[] {0, 20, 40}) {
                for (int p = 0; p < PODS; p++) {
                    for (String component : COMPONENTS) {
                        h.sample(pod(p), component, "node-" + (p % 4), T0.plusSeconds(s), s * 10.0);
                    }
                }
                for (int m = 0; m < 3; m++) {
                    h.units("model-" + m, "request", "replica-" + m, T0.plusSeconds(s), s * 5.0);
                }
            }
            h.flushSci();

            // When the changelogs are read back
            Map<String, Footprint> footprints = new LinkedHashMap<>();
            for (String store : List.of(names.seriesState(), names.preAggregates(), names.windows(), names.totals(),
                    names.sciNodeEnergy(), names.budgetDefinitions(), names.budgetBurn(), names.forecasts(),
                    names.unitSeries(), names.sciNodeWindows(), names.sciWindows())) {
                footprints.put(store, footprint(h, store));
            }
            footprints.forEach((store, f) -> LOGGER.info("event=store_footprint store={} entries={} keyBytes={}"
                    + " valueBytes={} bytesPerEntry={} recordsWritten={}", store, f.entries(), f.keyBytes(),
                    f.valueBytes(), String.format("%.1f", f.bytesPerEntry()), f.recordsWritten()));

            // Then: one entry per pod, of 4 + Σ (4 + name + 16) bytes plus the pod uid
            Footprint series = footprints.get(names.seriesState());
            assertThat(series.entries()).isEqualTo(PODS);
            long names5 = COMPONENTS.stream().mapToLong(c -> 4 + c.getBytes(StandardCharsets.UTF_8).length + 16).sum();
            assertThat(series.valueBytes()).isEqualTo(PODS * (4 + names5));
            // the pre-aggregates are empty once flushed (tombstones)
            assertThat(footprints.get(names.preAggregates()).entries()).isZero();
            assertThat(footprints.get(names.sciNodeEnergy()).entries()).isZero();
            // one open window per team, per model and one open hour per team
            assertThat(footprints.get(names.windows()).entries()).isEqualTo(TEAMS + MODELS + TEAMS);
            // one running total per (team, model, namespace, zone) seen
            assertThat(footprints.get(names.totals()).entries()).isEqualTo(groups.size());
            // one budget definition and one burn state per team with a budget or spend; a forecast per zone
            assertThat(footprints.get(names.budgetDefinitions()).entries()).isEqualTo(5);
            assertThat(footprints.get(names.budgetBurn()).entries()).isEqualTo(TEAMS);
            assertThat(footprints.get(names.forecasts()).entries()).isEqualTo(2);
            // one entry per functional-unit series; SCI state per (node, window) and per (model, window) with energy
            // or units (every unit of a model in the model's entry)
            assertThat(footprints.get(names.unitSeries()).entries()).isEqualTo(3);
            assertThat(footprints.get(names.sciNodeWindows()).entries()).isEqualTo(4);
            assertThat(footprints.get(names.sciWindows()).entries()).isEqualTo(MODELS);
        }
    }

    @Test
    void shouldDropAWindowFromItsStoreOnceStreamTimePassesItsEndPlusTheConfiguredGrace() {
        String firstWindow = Long.toString(T0.toEpochMilli());
        for (long graceSeconds : new long[] {10, 100}) {
            try (Harness h = new Harness(AccountingOptions.builder().grace(java.time.Duration.ofSeconds(graceSeconds))
                    .build())) {
                // Given a pod with energy in the window [0 s, 60 s)
                h.pod("p1", "ns", "search", "bert");
                h.sample("p1", "package", "n1", T0, 0);
                h.sample("p1", "package", "n1", T0.plusSeconds(30), 300);
                h.flush();
                // When stream time reaches 100 s: past the window's end + 10 s, not past its end + 100 s
                h.sample("p1", "package", "n1", T0.plusSeconds(100), 1_000);
                h.flush();

                // Then the window's team and model entries are gone with a 10 s grace and still there with 100 s
                Set<String> keys = liveKeys(h, StoreNames.DEFAULT.windows());
                // (keys: T|team@start, M|model@start, H|team@hourStart; the hour [0, 3600 s) is still open)
                List<String> firstWindowKeys = keys.stream().filter(k -> k.endsWith("@" + firstWindow)
                        && !k.startsWith("H|")).toList();
                if (graceSeconds == 10) {
                    assertThat(firstWindowKeys).as("grace 10 s; live keys %s", keys).isEmpty();
                } else {
                    assertThat(firstWindowKeys).as("grace 100 s; live keys %s", keys).hasSize(2);
                }
            }
        }
    }

    /** Keys whose latest changelog record is not a tombstone. */
    private static Set<String> liveKeys(Harness h, String store) {
        Map<String, byte[]> latest = new HashMap<>();
        for (TestRecord<byte[], byte[]> r : h.driver.createOutputTopic(APPLICATION_ID + "-" + store + "-changelog",
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList()) {
            latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
        }
        Set<String> live = new java.util.TreeSet<>();
        latest.forEach((k, v) -> {
            if (v != null) {
                live.add(k);
            }
        });
        return live;
    }

    private static String team(int t) {
        return "team-" + t;
    }

    /** A 36-character pod uid, as Kubernetes' UUIDs are. */
    private static String pod(int p) {
        return String.format("00000000-0000-4000-8000-%012d", p);
    }

    private static Footprint footprint(Harness h, String store) {
        String topic = APPLICATION_ID + "-" + store + "-changelog";
        Map<String, byte[]> latest = new HashMap<>();
        int written = 0;
        if (h.driver.producedTopicNames().contains(topic)) {
            for (TestRecord<byte[], byte[]> r : h.driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList()) {
                written++;
                latest.put(new String(r.key(), StandardCharsets.ISO_8859_1), r.value());
            }
        }
        int entries = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        for (Map.Entry<String, byte[]> e : latest.entrySet()) {
            if (e.getValue() != null) {
                entries++;
                keyBytes += e.getKey().length();
                valueBytes += e.getValue().length;
            }
        }
        return new Footprint(entries, keyBytes, valueBytes, written);
    }
}
