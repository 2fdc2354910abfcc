package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.streams.testing.Harness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A pod's metadata that reaches the pods topic an hour after its first energy samples (docs/operations.md, "Pod
 * metadata that arrives late"). Attribution looks the pod up when the sample that closes an interval is processed:
 * what was accounted before the metadata arrived stays {@code unattributed} — ledger, windows, totals — and is never
 * restated; from the first interval closed after it, the whole interval goes to the pod's team and model. No joule
 * is lost or counted twice.
 */
class LatePodMetadataTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    /** The pod draws 1 W: its counter grows 60 J between samples 60 s apart, at 30 s past each minute. */
    private static final double JOULES_PER_SAMPLE = 60;
    /** Last sample processed before the metadata arrives: 10:59:30. */
    private static final long LAST_BEFORE = 3570;
    /** Last sample of the run: 12:00:30. */
    private static final long LAST = 7230;

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static String key(String group, long windowStartSeconds) {
        return key(group, at(windowStartSeconds));
    }

    private static String key(String group, Instant windowStart) {
        return group + "@" + windowStart.toEpochMilli();
    }

    @Test
    void shouldLeaveWhatCameBeforeTheMetadataUnattributedAndAttributeEverythingAfterWithoutRestating() {
        // Live settings: 60 s windows that close 30 s after their end (stream time), hourly rollups.
        try (Harness h = new Harness(AccountingOptions.defaults())) {
            // Given an hour of samples of a pod nobody has described yet
            for (long s = 30; s <= LAST_BEFORE; s += 60) {
                sample(h, s);
            }
            h.flush();
            List<LedgerEntry> ledgerBefore = h.ledgerEntries();
            Map<String, EmissionsWindow> teamBefore = Harness.last(h.teamWindows);

            // When its metadata arrives, an hour late (stamped with the pod's start: the stamp changes nothing)
            h.pods.pipeInput(new TestRecord<>("p1", new PodMetadata("p1", "ml", "p1-name", null, "search", "bert",
                    null, Map.of()), at(0)));
            // and the pod keeps reporting for another hour
            for (long s = LAST_BEFORE + 60; s <= LAST; s += 60) {
                sample(h, s);
            }
            h.flush();
            List<LedgerEntry> ledgerAfter = h.ledgerEntries();
            List<EmissionsWindow> teamUpdatesAfter = h.teamWindows.readValuesToList();

            // Then the first hour stays unattributed: 59 intervals (60 samples, the first a baseline)
            assertThat(ledgerBefore).hasSize(59).allSatisfy(e -> {
                assertThat(e.getTeam()).isEqualTo("unattributed");
                assertThat(e.getModel()).isEqualTo("unattributed");
                assertThat(e.getNamespace()).isEqualTo("unattributed");
            });
            assertThat(teamBefore.keySet()).allMatch(k -> k.startsWith("unattributed@"));
            // and nothing of it is restated: a later record of an unattributed window only marks it final (stream
            // time passed its end + grace) with the value it had; no late record
            assertThat(teamUpdatesAfter).filteredOn(w -> w.getGroup().equals("unattributed")).isNotEmpty()
                    .allSatisfy(w -> {
                        EmissionsWindow earlier = teamBefore.get(key("unattributed", w.getWindowStart()));
                        assertThat(earlier).as("unattributed window %s existed before", w.getWindowStart()).isNotNull();
                        assertThat(w.getEnergyJoules()).isEqualTo(earlier.getEnergyJoules());
                        assertThat(w.getFinal$()).isTrue();
                    });
            assertThat(h.late.readValuesToList()).isEmpty();

            // Every interval closed after the arrival is attributed, the one straddling it included, whole
            assertThat(ledgerAfter).hasSize(61).allSatisfy(e -> {
                assertThat(e.getTeam()).isEqualTo("search");
                assertThat(e.getModel()).isEqualTo("bert");
                assertThat(e.getNamespace()).isEqualTo("ml");
            });
            assertThat(ledgerAfter.get(0).getIntervalStart()).isEqualTo(at(LAST_BEFORE));

            // The window the metadata arrived in (10:59) holds both: 30 J unattributed, 30 J for search
            Map<String, EmissionsWindow> teamAll = lastByKey(h, teamBefore, teamUpdatesAfter);
            assertThat(teamAll.get(key("unattributed", 3540)).getEnergyJoules()).isEqualTo(30.0);
            assertThat(teamAll.get(key("search", 3540)).getEnergyJoules()).isEqualTo(30.0);
            assertThat(teamAll.keySet()).filteredOn(k -> k.startsWith("search@"))
                    .allMatch(k -> Long.parseLong(k.substring("search@".length())) >= at(3540).toEpochMilli());

            // Conservation: the counter grew 7,200 J; ledger, team windows and totals each hold exactly that
            double counterIncrease = (LAST - 30) / 60.0 * JOULES_PER_SAMPLE;
            assertThat(sumLedger(ledgerBefore) + sumLedger(ledgerAfter)).isCloseTo(counterIncrease, within(1e-9));
            assertThat(sumLedger(ledgerBefore)).isCloseTo(59 * JOULES_PER_SAMPLE, within(1e-9));
            assertThat(teamAll.values().stream().mapToDouble(EmissionsWindow::getEnergyJoules).sum())
                    .isCloseTo(counterIncrease, within(1e-9));
            Map<String, Double> totals = h.totals.readValuesToList().stream().collect(Collectors.toMap(
                    EmissionsTotal::getTeam, EmissionsTotal::getEnergyJoules, (a, b) -> b));
            assertThat(totals).containsOnlyKeys("unattributed", "search");
            assertThat(totals.get("unattributed")).isCloseTo(59 * JOULES_PER_SAMPLE, within(1e-9));
            assertThat(totals.get("search")).isCloseTo(61 * JOULES_PER_SAMPLE, within(1e-9));
        }
    }

    private static void sample(Harness h, long seconds) {
        h.sample("p1", "package", "n1", at(seconds), (seconds - 30) / 60.0 * JOULES_PER_SAMPLE);
    }

    private static Map<String, EmissionsWindow> lastByKey(Harness h, Map<String, EmissionsWindow> before,
                                                          List<EmissionsWindow> updatesAfter) {
        Map<String, EmissionsWindow> all = new java.util.LinkedHashMap<>(before);
        updatesAfter.forEach(w -> all.put(w.getGroup() + "@" + w.getWindowStart().toEpochMilli(), w));
        return all;
    }

    private static double sumLedger(List<LedgerEntry> entries) {
        return entries.stream().mapToDouble(LedgerEntry::getEnergyJoules).sum();
    }
}
