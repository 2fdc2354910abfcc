package dev.carbonledger.collectors.source.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.MutableClock;
import dev.carbonledger.collectors.source.IntensityReadings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoFleetTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(5);

    private static List<EnergySample> run(long seed, int polls) {
        MutableClock clock = new MutableClock(START);
        DemoFleet fleet = new DemoFleet(seed, clock);
        List<EnergySample> all = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            all.addAll(fleet.poll());
            clock.advance(STEP);
        }
        return all;
    }

    @Test
    void shouldProduceIdenticalSamplesWhenSeedAndClockAreTheSame() {
        assertThat(run(7, 200)).isEqualTo(run(7, 200));
        assertThat(run(7, 50)).isNotEqualTo(run(8, 50));
    }

    @Test
    void shouldCatchUpEveryStepOnTheGridWhenPolledLessOften() {
        // Given two fleets with the same seed, one polled every step and one every 4 steps
        MutableClock everyStep = new MutableClock(START);
        MutableClock everyFour = new MutableClock(START);
        DemoFleet a = new DemoFleet(3, everyStep);
        DemoFleet b = new DemoFleet(3, everyFour);
        List<EnergySample> fromA = new ArrayList<>();
        List<EnergySample> fromB = new ArrayList<>();
        // When
        for (int i = 0; i <= 40; i++) {
            fromA.addAll(a.poll());
            if (i % 4 == 0) {
                fromB.addAll(b.poll());
                everyFour.advance(STEP.multipliedBy(4));
            }
            everyStep.advance(STEP);
        }
        // Then the samples are a function of the seed and the grid, not of the polling rhythm
        assertThat(fromB).isEqualTo(fromA);
        assertThat(fromA).allSatisfy(s -> assertThat(s.getTimestamp().toEpochMilli() % 5000).isZero());
    }

    @Test
    void shouldKeepCountersMonotonicExceptAtOccasionalResets() {
        // Given two simulated hours
        List<EnergySample> samples = run(11, 1440);
        Map<String, EnergySample> last = new HashMap<>();
        int increases = 0;
        int resets = 0;
        for (EnergySample s : samples) {
            assertThat(s.getEnergyJoules()).isGreaterThanOrEqualTo(0.0);
            EnergySample previous = last.put(s.getPodUid() + "/" + s.getComponent(), s);
            if (previous == null) {
                continue;
            }
            assertThat(s.getTimestamp()).isAfter(previous.getTimestamp());
            if (s.getEnergyJoules() >= previous.getEnergyJoules()) {
                increases++;
            } else {
                resets++;
                // a restart: the counter is back near zero (less than one step at the highest power)
                assertThat(s.getEnergyJoules()).isLessThan(400.0 * 5 * 1.3);
            }
        }
        assertThat(resets).isPositive();
        assertThat(resets).isLessThan(increases / 100);
    }

    @Test
    void shouldDrawPlausiblePowerPerComponent() {
        List<EnergySample> samples = run(5, 120);
        Map<String, EnergySample> last = new HashMap<>();
        for (EnergySample s : samples) {
            EnergySample previous = last.put(s.getPodUid() + "/" + s.getComponent(), s);
            if (previous != null && s.getEnergyJoules() >= previous.getEnergyJoules()) {
                double watts = (s.getEnergyJoules() - previous.getEnergyJoules()) / 5.0;
                assertThat(watts).as("watts of %s", s.getComponent()).isBetween(0.0, 400.0);
            }
        }
        assertThat(samples).extracting(EnergySample::getComponent).contains("package", "dram", "gpu");
        assertThat(samples).extracting(EnergySample::getSource).containsOnly("demo");
    }

    @Test
    void shouldCoverTeamsModelsZonesAndUnattributedPodsThatComeAndGo() {
        // Given an hour of the fleet, listing pods after every poll
        MutableClock clock = new MutableClock(START);
        DemoFleet fleet = new DemoFleet(42, clock);
        Set<String> sampledPods = new HashSet<>();
        Map<String, PodMetadata> listed = new HashMap<>();
        for (int i = 0; i < 720; i++) {
            fleet.poll().forEach(s -> sampledPods.add(s.getPodUid()));
            fleet.pods().forEach(p -> listed.put(p.getPodUid(), p));
            clock.advance(STEP);
        }
        // Then
        assertThat(listed.keySet()).containsAll(sampledPods);
        assertThat(listed.values().stream().map(PodMetadata::getTeam).filter(Objects::nonNull).distinct())
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(listed.values().stream().map(PodMetadata::getModel).filter(Objects::nonNull).distinct())
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(listed.values()).anyMatch(p -> p.getTeam() == null && p.getModel() == null);
        assertThat(listed.values()).anyMatch(p -> p.getTeam() != null && p.getModel() == null);
        assertThat(listed.values()).allMatch(p -> "true".equals(p.getLabels().get(DemoFleet.SIMULATED_LABEL)));
        // pods come and go: far more pods over the hour than live at once
        assertThat(sampledPods.size()).isGreaterThan(2 * 14);
        List<NodeInfo> nodes = fleet.nodes();
        assertThat(nodes).extracting(NodeInfo::getZone).containsOnly(DemoFleet.CLEAN_ZONE, DemoFleet.DIRTY_ZONE);
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(4).allSatisfy(n -> assertThat(n.getPue()).isBetween(1.0, 2.0));
        assertThat(listed.values()).extracting(PodMetadata::getNode)
                .isSubsetOf(nodes.stream().map(NodeInfo::getNode).toList());
    }

    @Test
    void shouldFollowADiurnalProfileWithOneCleanAndOneDirtyZone() {
        MutableClock clock = new MutableClock(START);
        DemoFleet fleet = new DemoFleet(1, clock);
        double cleanMin = Double.MAX_VALUE, cleanMax = 0, dirtyMin = Double.MAX_VALUE, dirtyMax = 0;
        for (int hour = 0; hour < 24; hour++) {
            Instant t = START.plus(Duration.ofHours(hour));
            double clean = fleet.intensityAt(DemoFleet.CLEAN_ZONE, t);
            double dirty = fleet.intensityAt(DemoFleet.DIRTY_ZONE, t);
            assertThat(dirty).isGreaterThan(clean);
            cleanMin = Math.min(cleanMin, clean);
            cleanMax = Math.max(cleanMax, clean);
            dirtyMin = Math.min(dirtyMin, dirty);
            dirtyMax = Math.max(dirtyMax, dirty);
        }
        assertThat(cleanMax - cleanMin).isGreaterThan(50);
        assertThat(dirtyMax - dirtyMin).isGreaterThan(120);
        // and the value of a slot is the same whoever asks
        assertThat(new DemoFleet(1, clock).intensityAt(DemoFleet.DIRTY_ZONE, START))
                .isEqualTo(fleet.intensityAt(DemoFleet.DIRTY_ZONE, START));
    }

    @Test
    void shouldPublishEverySlotOnceAndAForecastPerZone() {
        MutableClock clock = new MutableClock(START.plusSeconds(61));
        DemoFleet fleet = new DemoFleet(1, clock);
        IntensityReadings first = fleet.intensity();
        clock.advance(Duration.ofMinutes(2));
        IntensityReadings sameSlot = fleet.intensity();
        clock.advance(Duration.ofMinutes(20));
        IntensityReadings later = fleet.intensity();

        assertThat(first.records()).extracting(IntensityRecord::getFrom).containsOnly(START);
        assertThat(first.records()).extracting(IntensityRecord::getZone)
                .containsExactly(DemoFleet.CLEAN_ZONE, DemoFleet.DIRTY_ZONE);
        assertThat(first.records()).allSatisfy(r -> {
            assertThat(r.getForecast()).isFalse();
            assertThat(r.getProvider()).isEqualTo("demo");
            assertThat(r.getTo()).isEqualTo(START.plus(DemoFleet.INTENSITY_SLOT));
        });
        assertThat(sameSlot.records()).isEmpty();
        assertThat(later.records()).hasSize(2 * 4);
        IntensityForecast forecast = first.forecasts().get(0);
        assertThat(forecast.getPoints()).hasSize(48);
        assertThat(forecast.getPoints().get(0).getFrom()).as("the forecast starts with the step under way").isEqualTo(START);
        assertThat(forecast.getPoints().get(0).getDurationSeconds()).isEqualTo(1800);
    }

    @Test
    void shouldCountRequestsOfServingModelsFollowingTheirLoadWithResetsLikeEnergy() {
        MutableClock clock = new MutableClock(START);
        DemoFleet fleet = new DemoFleet(11, clock);
        assertThat(fleet.units()).as("nothing counted before anyone asked").isEmpty();
        Map<String, Double> rps = Map.of("llama-3-8b", 12.0, "bert-large", 150.0, "fraud-gbdt", 400.0);
        Map<String, dev.carbonledger.avro.FunctionalUnitSample> last = new HashMap<>();
        Set<String> models = new HashSet<>();
        int increases = 0;
        int resets = 0;
        for (int i = 0; i < 3000; i++) {   // a bit over 4 h of 5 s steps: pods come and go, containers restart
            fleet.poll();
            for (dev.carbonledger.avro.FunctionalUnitSample u : fleet.units()) {
                assertThat(u.getUnit()).isEqualTo(DemoFleet.REQUEST_UNIT);
                assertThat(u.getSource()).isEqualTo("demo");
                assertThat(u.getTimestamp()).isEqualTo(clock.instant());
                models.add(u.getModel());
                dev.carbonledger.avro.FunctionalUnitSample previous = last.put(u.getSeries(), u);
                if (previous == null) {
                    assertThat(u.getCount()).as("a new pod's counter starts at zero").isZero();
                    continue;
                }
                double perStep = rps.get(u.getModel()) * STEP.toSeconds();
                double delta = u.getCount() - previous.getCount();
                if (delta < 0) {
                    resets++;   // restarted from zero: the count is this step's requests
                    assertThat(u.getCount()).isBetween(Math.floor(0.5 * perStep), perStep);
                } else {
                    increases++;
                    // Load 0.75 ± 0.25 (a 15-minute wave): between half and all of the mean rate.
                    assertThat(delta).isBetween(Math.floor(0.5 * perStep), perStep);
                }
            }
            clock.advance(STEP);
        }
        assertThat(models).containsExactlyInAnyOrder("llama-3-8b", "bert-large", "fraud-gbdt");
        assertThat(increases).isGreaterThan(1000);
        assertThat(resets).as("container restarts reset request counters too").isPositive();
    }
}
