package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.streams.testing.Harness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class AccountingTopologyTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final double KWH = 3.6e6;

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Harness replayLike() {
        return new Harness(AccountingOptions.builder().grace(AccountingOptions.NEVER).seriesIdleExpiry(AccountingOptions.NEVER).build());
    }

    private static String win(String group, long secondsFromT0) {
        return group + "@" + at(secondsFromT0).toEpochMilli();
    }

    @Test
    void shouldAccountIntervalAfterBaselineWithDefaultIntensityWhenNoMetadata() {
        try (Harness h = replayLike()) {
            h.sample("p1", "package", "n1", at(0), 1000);
            h.sample("p1", "package", "n1", at(10), 1000 + KWH);
            h.flush();

            List<LedgerEntry> ledger = h.ledgerEntries();
            assertThat(ledger).singleElement().satisfies(e -> {
                assertThat(e.getTeam()).isEqualTo("unattributed");
                assertThat(e.getModel()).isEqualTo("unattributed");
                assertThat(e.getZone()).isEqualTo("unknown");
                assertThat(e.getPue()).isEqualTo(1.0);
                assertThat(e.getEnergyJoules()).isEqualTo(KWH);
                assertThat(e.getCo2eGrams()).isCloseTo(475.0, within(1e-9));
                assertThat(e.getPieces()).singleElement().satisfies(p -> assertThat(p.getIntensityFrom()).isNull());
            });
            Map<String, EmissionsWindow> team = Harness.last(h.teamWindows);
            assertThat(team).containsOnlyKeys(win("unattributed", 0));
            assertThat(team.get(win("unattributed", 0)).getCo2eGrams()).isCloseTo(475.0, within(1e-9));
            assertThat(Harness.last(h.modelWindows)).containsOnlyKeys(win("unattributed", 0));
            assertThat(h.metrics.get(AccountingMetrics.Counter.BASELINES)).isEqualTo(1);
        }
    }

    @Test
    void shouldIgnoreDuplicatesAndOutOfOrderSamples() {
        try (Harness h = replayLike()) {
            h.sample("p1", "dram", "n1", at(0), 100);
            h.sample("p1", "dram", "n1", at(10), 200);
            h.sample("p1", "dram", "n1", at(10), 200);   // duplicate
            h.sample("p1", "dram", "n1", at(5), 150);    // out of order
            h.sample("p1", "dram", "n1", at(20), 260);
            h.flush();

            assertThat(h.ledgerEntries()).extracting(LedgerEntry::getEnergyJoules).containsExactly(100.0, 60.0);
            assertThat(h.metrics.samplesIgnored()).isEqualTo(2);
            assertThat(Harness.last(h.teamWindows).get(win("unattributed", 0)).getEnergyJoules()).isEqualTo(160.0);
        }
    }

    @Test
    void shouldTakeNewCounterValueAsIncreaseAfterReset() {
        try (Harness h = replayLike()) {
            h.sample("p1", "core", "n1", at(0), 500);
            h.sample("p1", "core", "n1", at(10), 30);
            h.flush();

            assertThat(h.ledgerEntries()).singleElement().satisfies(e -> {
                assertThat(e.getEnergyJoules()).isEqualTo(30.0);
                assertThat(e.getCounterReset()).isTrue();
            });
        }
    }

    @Test
    void shouldSpreadUniformlyAndCutAtWindowBoundaries() {
        try (Harness h = replayLike()) {
            h.pod("p1", "ml", "search", "bert");
            h.sample("p1", "package", "n1", at(50), 0);
            h.sample("p1", "package", "n1", at(130), 80);   // (50, 130]: 10 s, 60 s, 10 s
            h.flush();

            LedgerEntry e = h.ledgerEntries().get(0);
            assertThat(e.getPieces()).extracting(p -> p.getEnergyJoules()).containsExactly(10.0, 60.0, 10.0);
            Map<String, EmissionsWindow> team = Harness.last(h.teamWindows);
            assertThat(team.get(win("search", 0)).getEnergyJoules()).isEqualTo(10.0);
            assertThat(team.get(win("search", 60)).getEnergyJoules()).isEqualTo(60.0);
            assertThat(team.get(win("search", 120)).getEnergyJoules()).isEqualTo(10.0);
            assertThat(Harness.last(h.modelWindows).get(win("bert", 60)).getEnergyJoules()).isEqualTo(60.0);
            assertThat(team.get(win("search", 60)).getWindowEnd()).isEqualTo(at(120));
        }
    }

    @Test
    void shouldCutAtIntensityChangesAndLetTheLastArrivalWinForTheSameFrom() {
        try (Harness h = replayLike()) {
            h.node("n1", "DE", 1.5);
            h.intensity("DE", at(0), 100, false);
            h.intensity("DE", at(20), 999, true);   // forecast ...
            h.intensity("DE", at(20), 300, false);  // ... superseded by the actual
            h.sample("p1", "package", "n1", at(10), 0);
            h.sample("p1", "package", "n1", at(30), 2 * KWH);   // 1 kWh at 100, 1 kWh at 300
            h.flush();

            LedgerEntry e = h.ledgerEntries().get(0);
            assertThat(e.getZone()).isEqualTo("DE");
            assertThat(e.getPue()).isEqualTo(1.5);
            assertThat(e.getPieces()).extracting(p -> p.getGCo2ePerKwh()).containsExactly(100.0, 300.0);
            assertThat(e.getPieces().get(1).getIntensityFrom()).isEqualTo(at(20));
            assertThat(e.getCo2eGrams()).isCloseTo(1.5 * (100 + 300), within(1e-9));
            assertThat(Harness.last(h.teamWindows).get(win("unattributed", 0)).getCo2eGrams())
                    .isCloseTo(600.0, within(1e-9));
        }
    }

    @Test
    void shouldUseDefaultIntensityBeforeFirstRecordAndConfiguredDefaultPue() {
        AccountingOptions options = AccountingOptions.builder().grace(AccountingOptions.NEVER)
                .defaultIntensity(200).defaultPue(1.2).build();
        try (Harness h = new Harness(options)) {
            h.node("n1", "FR", null);
            h.intensity("FR", at(10), 50, false);
            h.sample("p1", "package", "n1", at(0), 0);
            h.sample("p1", "package", "n1", at(20), 2 * KWH);
            h.flush();

            LedgerEntry e = h.ledgerEntries().get(0);
            assertThat(e.getPue()).isEqualTo(1.2);
            assertThat(e.getPieces()).extracting(p -> p.getGCo2ePerKwh()).containsExactly(200.0, 50.0);
            assertThat(e.getCo2eGrams()).isCloseTo(1.2 * (200 + 50), within(1e-9));
        }
    }

    @Test
    void shouldAttributeMissingTeamOrModelToUnattributed() {
        try (Harness h = replayLike()) {
            h.pod("p1", "ns1", "search", null);
            h.sample("p1", "gpu", "n1", at(0), 0);
            h.sample("p1", "gpu", "n1", at(5), 10);
            h.flush();

            assertThat(Harness.last(h.teamWindows)).containsOnlyKeys(win("search", 0));
            assertThat(Harness.last(h.modelWindows)).containsOnlyKeys(win("unattributed", 0));
            assertThat(h.ledgerEntries().get(0).getNamespace()).isEqualTo("ns1");
        }
    }

    @Test
    void shouldKeepRunningTotalsPerTeamModelNamespaceZone() {
        try (Harness h = replayLike()) {
            h.pod("p1", "ns1", "search", "bert");
            h.node("n1", "DE", null);
            h.sample("p1", "package", "n1", at(0), 0);
            h.sample("p1", "package", "n1", at(30), 10);
            h.flush();
            h.sample("p1", "package", "n1", at(90), 40);
            h.flush();

            List<EmissionsTotal> totals = h.totals.readValuesToList();
            assertThat(totals).last().satisfies(t -> {
                assertThat(t.getEnergyJoules()).isEqualTo(40.0);
                assertThat(t.getSamples()).isEqualTo(2);
            });
            assertThat(h.totals.getQueueSize()).isZero();
        }
    }

    @Test
    void shouldRollUpHourly() {
        try (Harness h = replayLike()) {
            h.pod("p1", "ns1", "search", "bert");
            h.sample("p1", "package", "n1", Instant.parse("2026-05-01T10:58:00Z"), 0);
            h.sample("p1", "package", "n1", Instant.parse("2026-05-01T11:02:00Z"), 240);
            h.flush();

            Map<String, EmissionsWindow> hourly = Harness.last(h.teamHourly);
            assertThat(hourly.get("search@" + Instant.parse("2026-05-01T10:00:00Z").toEpochMilli()).getEnergyJoules())
                    .isEqualTo(120.0);
            assertThat(hourly.get("search@" + Instant.parse("2026-05-01T11:00:00Z").toEpochMilli()).getEnergyJoules())
                    .isEqualTo(120.0);
        }
    }

    @Test
    void shouldCloseWindowsAndSendLatePiecesToLateOutputWhileTotalsStillCountThem() {
        AccountingOptions options = AccountingOptions.builder().grace(Duration.ofSeconds(10)).build();
        try (Harness h = new Harness(options)) {
            h.pod("a", "ns", "search", "bert");
            h.pod("b", "ns", "search", "bert");
            h.sample("a", "package", "n1", at(0), 0);
            h.sample("b", "package", "n1", at(0), 0);
            h.sample("a", "package", "n1", at(30), 30);
            h.flush();
            // stream time moves to 200 s: window [0, 60) closes (200 > 60 + 10)
            h.sample("a", "package", "n1", at(200), 200);
            h.flush();
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            // b's interval (0, 40] belongs to the closed window [0, 60)
            h.sample("b", "package", "n1", at(40), 40);
            h.flush();

            List<EmissionsWindow> updates = h.teamWindows.readValuesToList();
            assertThat(updates).filteredOn(w -> w.getWindowStart().equals(at(0)) && w.getFinal$())
                    .singleElement().satisfies(w -> assertThat(w.getEnergyJoules()).isEqualTo(60.0));
            List<LateEmission> late = h.late.readValuesToList();
            assertThat(late).singleElement().satisfies(l -> {
                assertThat(l.getEnergyJoules()).isEqualTo(40.0);
                assertThat(l.getTeam()).isEqualTo("search");
                assertThat(l.getWindowStart()).isEqualTo(at(0));
            });
            assertThat(h.metrics.latePieces()).isEqualTo(1);
            assertThat(h.totals.readValuesToList()).last()
                    .satisfies(t -> assertThat(t.getEnergyJoules()).isEqualTo(30.0 + 170.0 + 40.0));
        }
    }

    @Test
    void shouldExpireIdleSeriesSoThatTheirNextSampleIsABaseline() {
        AccountingOptions options = AccountingOptions.builder().grace(AccountingOptions.NEVER)
                .seriesIdleExpiry(Duration.ofMinutes(10)).build();
        try (Harness h = new Harness(options)) {
            h.sample("idle", "package", "n1", at(0), 0);
            h.sample("busy", "package", "n1", at(0), 0);
            h.sample("busy", "package", "n1", at(3600), 10);
            h.driver.advanceWallClockTime(Duration.ofMinutes(3));
            h.sample("idle", "package", "n1", at(3700), 50);

            assertThat(h.metrics.get(AccountingMetrics.Counter.SERIES_EXPIRED)).isEqualTo(1);
            assertThat(h.ledgerEntries()).extracting(LedgerEntry::getPodUid).containsExactly("busy");
        }
    }

    @Test
    void shouldDeadLetterUndeserializableAndInvalidSamplesAndKeepRunning() {
        try (Harness h = replayLike()) {
            h.rawSamples.pipeInput(new TestRecord<>("p1", "not avro".getBytes(StandardCharsets.UTF_8), at(0)));
            h.sample("p1", "package", "n1", at(1), -5);
            h.sample("p1", "package", "n1", at(2), Double.NaN);
            h.sample("", "package", "n1", at(3), 5);
            h.sample("p1", "", "n1", at(3), 5);
            h.sample("p1", "package", "n1", Harness.WALL_CLOCK.plus(Duration.ofHours(1)), 5);
            h.sample("p1", "package", "n1", at(10), 5);
            h.sample("p1", "package", "n1", at(20), 15);
            h.flush();

            var dead = h.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(6);
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, "__streams.errors.topic")).isEqualTo("carbon.energy.samples");
                assertThat(header(r, "__streams.errors.partition")).isEqualTo("0");
                assertThat(header(r, "__streams.errors.offset")).isNotEmpty();
            });
            assertThat(dead).extracting(r -> header(r, "__streams.errors.message")).satisfiesExactly(
                    m -> assertThat(m).contains("Confluent wire format"),
                    m -> assertThat(m).contains("negative counter"),
                    m -> assertThat(m).contains("not a finite number"),
                    m -> assertThat(m).contains("empty pod id"),
                    m -> assertThat(m).contains("empty component"),
                    m -> assertThat(m).contains("after the wall clock"));
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            assertThat(h.metrics.get(AccountingMetrics.Counter.DEAD_LETTERED_DESERIALIZATION)).isEqualTo(1);
            assertThat(h.metrics.get(AccountingMetrics.Counter.DEAD_LETTERED_INVALID)).isEqualTo(5);
            assertThat(h.ledgerEntries()).extracting(LedgerEntry::getEnergyJoules).containsExactly(10.0);
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
