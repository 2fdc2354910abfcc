package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.streams.internal.DeadLetters;
import dev.carbonledger.streams.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** SCI per (model, unit, window) through the whole topology (TopologyTestDriver). */
class SciTopologyTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static String key(String model, String unit, long secondsFromT0) {
        return model + "/" + unit + "@" + at(secondsFromT0).toEpochMilli();
    }

    private static Harness replayLike() {
        return new Harness(AccountingOptions.builder().grace(AccountingOptions.NEVER)
                .seriesIdleExpiry(AccountingOptions.NEVER).build());
    }

    /**
     * Worked by hand (window 60 s, [10:00, 10:01)):
     * <pre>
     * node n1: zone z1, PUE 1.5, embodied 36 g/h → 36 × 60/3600 = 0.6 g in the window
     * intensity z1: 400 g/kWh
     * pod p1 (model llm):    0 → 360,000 J over (0 s, 60 s]: E = 0.1 kWh,   E·I = 0.1 × 1.5 × 400 = 60 g
     * pod p2 (model vision): 0 → 120,000 J over (0 s, 60 s]: E = 1/30 kWh,  E·I = 20 g
     * node energy 480,000 J: llm 3/4 → M = 0.45 g; vision 1/4 → M = 0.15 g
     * llm requests, replica r1: 100 at 0 s, 400 at 60 s                 → 300
     *               replica r2: 50 at 0 s, 150 at 30 s, 20 at 60 s (reset) → 100 + 20 = 120
     *               r1 again at 60 s (duplicate) and at 45 s (out of order) → ignored
     * R = 420; SCI(llm) = (60 + 0.45) / 420 = 0.14392857... g per request
     * </pre>
     */
    @Test
    void shouldComputeSciOfHandWorkedExample() {
        try (Harness h = replayLike()) {
            h.node("n1", "z1", 1.5, 36.0);
            h.intensity("z1", T0.minusSeconds(3600), 400, false);
            h.pod("p1", "ns", "team-a", "llm");
            h.pod("p2", "ns", "team-b", "vision");
            h.sample("p1", "package", "n1", at(0), 0);
            h.sample("p2", "package", "n1", at(0), 0);
            h.units("llm", "request", "r1", at(0), 100);
            h.units("llm", "request", "r2", at(0), 50);
            h.units("llm", "request", "r2", at(30), 150);
            h.sample("p1", "package", "n1", at(60), 360_000);
            h.sample("p2", "package", "n1", at(60), 120_000);
            h.units("llm", "request", "r1", at(60), 400);
            h.units("llm", "request", "r2", at(60), 20);
            h.units("llm", "request", "r1", at(60), 999);
            h.units("llm", "request", "r1", at(45), 10);
            h.flushSci();

            // Updates are coalesced per flush interval: the units (read at once) in one tick, the node's shares in a
            // later one; at most one record per tick, not one per input (5 unit intervals and 2 shares went in).
            List<org.apache.kafka.streams.KeyValue<String, SciWindow>> published = h.sci.readKeyValuesToList();
            assertThat(published).hasSizeBetween(1, 2)
                    .allSatisfy(kv -> assertThat(kv.key).isEqualTo(key("llm", "request", 0)));
            Map<String, SciWindow> sci = Map.of(published.get(published.size() - 1).key,
                    published.get(published.size() - 1).value);
            SciWindow w = sci.get(key("llm", "request", 0));
            assertThat(w.getEnergyJoules()).isCloseTo(360_000, within(1e-6));
            assertThat(w.getOperationalGrams()).isCloseTo(60.0, within(1e-9));
            assertThat(w.getEmbodiedGrams()).isCloseTo(0.45, within(1e-12));
            assertThat(w.getFunctionalUnits()).isCloseTo(420, within(1e-9));
            assertThat(w.getSciGramsPerUnit()).isCloseTo(60.45 / 420, within(1e-12));
            assertThat(w.getWindowStart()).isEqualTo(at(0));
            assertThat(w.getWindowEnd()).isEqualTo(at(60));
            assertThat(w.getFinal$()).isFalse();
            assertThat(h.metrics.get(AccountingMetrics.Counter.UNIT_SAMPLES_IGNORED)).isEqualTo(2);
            assertThat(h.metrics.get(AccountingMetrics.Counter.UNIT_COUNTER_RESETS)).isEqualTo(1);

            // E·I is the model's rollup for the window.
            EmissionsWindow rollup = Harness.last(h.modelWindows).get("llm@" + at(0).toEpochMilli());
            assertThat(w.getOperationalGrams()).isCloseTo(rollup.getCo2eGrams(), within(1e-9));
            assertThat(w.getEnergyJoules()).isCloseTo(rollup.getEnergyJoules(), within(1e-6));
        }
    }

    @Test
    void shouldSpreadUnitsOverWindowsAndPublishNullSciWhenNoUnitCounted() {
        try (Harness h = replayLike()) {
            h.pod("p1", "ns", "team-a", "llm");
            h.sample("p1", "package", "n1", at(30), 0);
            h.sample("p1", "package", "n1", at(90), 3.6e6);
            h.units("llm", "inference", "s", at(30), 0);
            h.units("llm", "inference", "s", at(90), 60); // 30 in each window
            h.units("llm", "inference", "s", at(150), 60); // none in the second half of the second window
            h.flushSci();

            Map<String, SciWindow> sci = h.lastSci();
            assertThat(sci.get(key("llm", "inference", 0)).getFunctionalUnits()).isCloseTo(30, within(1e-9));
            SciWindow second = sci.get(key("llm", "inference", 60));
            assertThat(second.getFunctionalUnits()).isCloseTo(30, within(1e-9));
            // No node data: M = 0, unknown zone at the default intensity (475 g/kWh), half a kWh in each window.
            assertThat(second.getEmbodiedGrams()).isZero();
            assertThat(second.getOperationalGrams()).isCloseTo(237.5, within(1e-9));
            assertThat(second.getSciGramsPerUnit()).isCloseTo(237.5 / 30, within(1e-9));
            SciWindow third = sci.get(key("llm", "inference", 120));
            assertThat(third.getFunctionalUnits()).isZero();
            assertThat(third.getSciGramsPerUnit()).isNull();
        }
    }

    @Test
    void shouldPublishFinalValueWhenWindowClosesAndCorrectItForLateUnits() {
        AccountingOptions options = AccountingOptions.builder().grace(Duration.ofSeconds(10))
                .seriesIdleExpiry(AccountingOptions.NEVER).build();
        try (Harness h = new Harness(options)) {
            h.pod("p1", "ns", "team-a", "llm");
            h.sample("p1", "package", "n1", at(0), 0);
            h.sample("p1", "package", "n1", at(60), 1000);
            h.units("llm", "request", "a", at(0), 0);
            h.units("llm", "request", "a", at(60), 10);
            h.units("llm", "request", "b", at(0), 0);
            h.flushSci();
            // Stream time moves past 10:01:00 + 10 s: the first window closes.
            h.units("llm", "request", "a", at(200), 20);
            List<SciWindow> values = h.sci.readValuesToList();
            SciWindow closed = values.stream().filter(v -> v.getWindowStart().equals(at(0)) && v.getFinal$())
                    .reduce((x, y) -> y).orElseThrow();
            assertThat(closed.getFunctionalUnits()).isCloseTo(10, within(1e-9));

            // Late units for the closed window: a corrected final value, counted.
            h.units("llm", "request", "b", at(50), 5);
            SciWindow corrected = h.lastSci().get(key("llm", "request", 0));
            assertThat(corrected.getFinal$()).isTrue();
            assertThat(corrected.getFunctionalUnits()).isCloseTo(15, within(1e-9));
            assertThat(h.metrics.get(AccountingMetrics.Counter.SCI_WINDOWS_CLOSED)).isGreaterThanOrEqualTo(1);
            assertThat(h.metrics.get(AccountingMetrics.Counter.SCI_LATE_UPDATES)).isEqualTo(1);
        }
    }

    @Test
    void shouldDeadLetterInvalidFunctionalUnitSamplesWithReason() {
        try (Harness h = replayLike()) {
            h.units("llm", "request", "r", at(0), -1);
            h.units("", "request", "r", at(0), 1);
            h.units("llm", "request", "r", at(0), Double.NaN);
            h.rawFunctionalUnits.pipeInput("llm", "not avro".getBytes(StandardCharsets.UTF_8));
            h.functionalUnits.pipeInput(new TestRecord<String, FunctionalUnitSample>("llm", null, at(0)));

            List<String> reasons = h.deadLetters.readRecordsToList().stream()
                    .map(r -> new String(r.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(reasons).hasSize(5);
            assertThat(reasons.get(0)).isEqualTo("negative functional-unit count: -1.0");
            assertThat(reasons.get(1)).isEqualTo("empty model in functional-unit sample");
            assertThat(reasons.get(2)).isEqualTo("functional-unit count is not a finite number: NaN");
            assertThat(reasons.get(4)).isEqualTo("null value (tombstone) on the functional-units topic");
            assertThat(h.sci.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldShareEmbodiedEquallyWhenNodeMeasuredNoEnergy() {
        try (Harness h = replayLike()) {
            h.node("n1", "z1", null, 60.0); // 1 g per 60 s window
            h.pod("p1", "ns", "a", "llm");
            h.pod("p2", "ns", "b", "vision");
            h.sample("p1", "package", "n1", at(0), 5);
            h.sample("p2", "package", "n1", at(0), 5);
            h.sample("p1", "package", "n1", at(30), 5);
            h.sample("p2", "package", "n1", at(30), 5);
            h.units("vision", "image", "s", at(0), 0);
            h.units("vision", "image", "s", at(30), 4);
            h.flushSci();

            SciWindow w = h.lastSci().get(key("vision", "image", 0));
            assertThat(w.getEmbodiedGrams()).isCloseTo(0.5, within(1e-12));
            assertThat(w.getSciGramsPerUnit()).isCloseTo(0.5 / 4, within(1e-12));
        }
    }
}
