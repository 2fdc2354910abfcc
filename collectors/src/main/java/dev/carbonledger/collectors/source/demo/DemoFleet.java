package dev.carbonledger.collectors.source.demo;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.IntensityReadings;
import dev.carbonledger.collectors.source.IntensitySource;
import dev.carbonledger.collectors.source.NodeInfoSource;
import dev.carbonledger.collectors.source.PodMetadataSource;
import dev.carbonledger.collectors.source.units.FunctionalUnitSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATED fleet for laptops, demos and CI: every record it produces is invented and marked
 * {@code source=demo} / {@code provider=demo}, with the label {@code carbon-ledger.dev/simulated=true}.
 *
 * <p>Four teams, six models, two grid zones with a diurnal intensity profile ({@value #CLEAN_ZONE} clean,
 * {@value #DIRTY_ZONE} dirty), two nodes per zone with their PUE, pods that live for minutes and are replaced
 * by new pods with new uids, some pods without team or model labels, and now and then a container restart that
 * sets a pod's counters back near zero. Counters are sampled on a fixed grid (multiples of the sampling
 * interval since the epoch), catching up on every step between two polls, so the output is a pure function
 * of the seed and the times the clock returns. The serving models (llama-3-8b, bert-large, fraud-gbdt) also count
 * their requests ({@link #units()}), one counter per pod, following the pod's load. Energy, pods, nodes and units
 * must be polled from one thread;
 * {@link #intensity()} shares no state with them and may run on another (as the {@code Collector} does).
 */
public final class DemoFleet implements EnergySource, PodMetadataSource, NodeInfoSource, IntensitySource,
        FunctionalUnitSource {
    private static final Logger LOGGER = LoggerFactory.getLogger(DemoFleet.class);

    public static final String SOURCE = "demo";
    public static final String CLEAN_ZONE = "DEMO-NORTH";
    public static final String DIRTY_ZONE = "DEMO-SOUTH";
    public static final String SIMULATED_LABEL = "carbon-ledger.dev/simulated";
    public static final String TEAM_LABEL = "carbon-ledger.dev/team";
    public static final String MODEL_LABEL = "carbon-ledger.dev/model";
    /** The functional unit of the serving models' counters. */
    public static final String REQUEST_UNIT = "request";
    public static final Duration DEFAULT_SAMPLING_INTERVAL = Duration.ofSeconds(5);
    /** Length of one intensity record's validity. */
    public static final Duration INTENSITY_SLOT = Duration.ofMinutes(5);
    /** Horizon and resolution of the published forecasts. */
    public static final Duration FORECAST_HORIZON = Duration.ofHours(24);
    public static final Duration FORECAST_STEP = Duration.ofMinutes(30);

    private static final List<String> COMPONENTS = List.of("package", "dram", "gpu");
    /** A pod restarts its container about once an hour of its life. */
    private static final double RESET_PROBABILITY_PER_HOUR = 1.0;
    /** At most this many steps are caught up in one poll; older ones are skipped. */
    private static final int MAX_CATCH_UP_STEPS = 720;

    private final long seed;
    private final Clock clock;
    private final long stepMillis;
    private final Random random;
    private final List<SimPod> live = new ArrayList<>();
    private final List<SimPod> endedSinceLastListing = new ArrayList<>();
    private final List<FunctionalUnitSample> pendingUnits = new ArrayList<>();
    /** Request counters are kept only once someone reads them, so a fleet used for energy alone holds none. */
    private boolean unitsWanted;
    private long lastStep = Long.MIN_VALUE;
    private long lastIntensitySlot = Long.MIN_VALUE;

    public DemoFleet(long seed, Clock clock) {
        this(seed, clock, DEFAULT_SAMPLING_INTERVAL);
    }

    public DemoFleet(long seed, Clock clock, Duration samplingInterval) {
        this.seed = seed;
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(samplingInterval, "samplingInterval");
        if (samplingInterval.toMillis() < 1) {
            throw new IllegalArgumentException("demo sampling interval must be at least 1 ms, got " + samplingInterval);
        }
        this.stepMillis = samplingInterval.toMillis();
        this.random = new Random(seed);
        LOGGER.warn("event=demo_fleet_start data=SIMULATED seed={} samplingInterval={} zones={} nodes={} "
                        + "message=\"every energy sample, pod, node and intensity record from source 'demo' is invented\"",
                seed, samplingInterval, List.of(CLEAN_ZONE, DIRTY_ZONE), DemoCatalog.NODES.size());
    }

    @Override
    public String name() {
        return SOURCE;
    }

    /** Samples of every step since the previous poll (the first poll: the current step only). */
    @Override
    public List<EnergySample> poll() {
        long now = Math.floorDiv(clock.millis(), stepMillis);
        List<EnergySample> samples = new ArrayList<>();
        if (lastStep == Long.MIN_VALUE) {
            initialise(now);
            emit(now, samples);
            lastStep = now;
            return samples;
        }
        long from = lastStep + 1;
        if (now - from >= MAX_CATCH_UP_STEPS) {
            LOGGER.warn("event=demo_fleet_skipped_steps steps={}", now - from - MAX_CATCH_UP_STEPS + 1);
            from = now - MAX_CATCH_UP_STEPS + 1;
        }
        for (long step = from; step <= now; step++) {
            advance(step);
            emit(step, samples);
        }
        lastStep = Math.max(lastStep, now);
        return samples;
    }

    /**
     * The request counters of the serving models' pods (one series per pod, like a replica's own
     * {@code http_requests_total}) at every step emitted by {@link #poll()} since the previous call. Requests follow
     * the pod's load, so a model's energy and requests rise and fall together; a container restart resets the
     * counter with the energy counters.
     */
    @Override
    public List<FunctionalUnitSample> units() {
        unitsWanted = true;
        List<FunctionalUnitSample> out = new ArrayList<>(pendingUnits);
        pendingUnits.clear();
        return out;
    }

    /** The live pods, plus the pods that ended since the previous listing (their samples may still be in flight). */
    @Override
    public List<PodMetadata> pods() {
        if (lastStep == Long.MIN_VALUE) {
            long now = Math.floorDiv(clock.millis(), stepMillis);
            initialise(now);
            lastStep = now - 1;
        }
        List<PodMetadata> pods = new ArrayList<>();
        endedSinceLastListing.forEach(p -> pods.add(p.metadata));
        live.forEach(p -> pods.add(p.metadata));
        endedSinceLastListing.clear();
        return pods;
    }

    @Override
    public List<NodeInfo> nodes() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (DemoCatalog.Node node : DemoCatalog.NODES) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("node.kubernetes.io/instance-type", node.instanceType());
            labels.put("topology.kubernetes.io/zone", node.zone());
            labels.put(SIMULATED_LABEL, "true");
            nodes.add(NodeInfo.newBuilder().setNode(node.name()).setZone(node.zone()).setPue(node.pue())
                    .setEmbodiedGramsPerHour(node.embodiedGramsPerHour()).setLabels(new LinkedHashMap<>(labels))
                    .build());
        }
        return nodes;
    }

    /**
     * The actual intensity of every 5-minute slot since the previous poll (at first: the current slot) and,
     * when a new slot began, a 24 h forecast per zone.
     */
    @Override
    public IntensityReadings intensity() {
        long slotMillis = INTENSITY_SLOT.toMillis();
        long now = Math.floorDiv(clock.millis(), slotMillis);
        long from = lastIntensitySlot == Long.MIN_VALUE ? now : Math.max(lastIntensitySlot + 1, now - 287);
        if (from > now) {
            return IntensityReadings.empty();
        }
        List<IntensityRecord> records = new ArrayList<>();
        for (long slot = from; slot <= now; slot++) {
            for (DemoCatalog.Zone zone : DemoCatalog.ZONES) {
                Instant start = Instant.ofEpochMilli(slot * slotMillis);
                records.add(IntensityRecord.newBuilder().setZone(zone.name()).setFrom(start)
                        .setTo(start.plus(INTENSITY_SLOT)).setGCo2ePerKwh(actualIntensity(zone, start))
                        .setSignal(IntensitySignal.AVERAGE).setProvider(SOURCE).setEstimated(false).setForecast(false)
                        .build());
            }
        }
        lastIntensitySlot = now;
        List<IntensityForecast> forecasts = new ArrayList<>();
        for (DemoCatalog.Zone zone : DemoCatalog.ZONES) {
            forecasts.add(forecast(zone, Instant.ofEpochMilli(now * slotMillis)));
        }
        return new IntensityReadings(records, forecasts);
    }

    /** The simulated actual intensity of {@code zone} in the slot starting at {@code slotStart}. */
    public double intensityAt(String zone, Instant slotStart) {
        return actualIntensity(zoneNamed(zone), slotStart);
    }

    @Override
    public void close() {
        // Nothing to release: the fleet lives in memory.
    }

    private IntensityForecast forecast(DemoCatalog.Zone zone, Instant generatedAt) {
        long stepMillis = FORECAST_STEP.toMillis();
        // From the step under way, as providers publish them: a job starting now has a forecast to be judged by.
        long firstPoint = Math.floorDiv(generatedAt.toEpochMilli(), stepMillis) * stepMillis;
        List<ForecastPoint> points = new ArrayList<>();
        int count = (int) (FORECAST_HORIZON.toMillis() / stepMillis);
        for (int i = 0; i < count; i++) {
            Instant start = Instant.ofEpochMilli(firstPoint + i * stepMillis);
            // The forecast knows the profile but not the noise, and its error grows with the lead time.
            double error = noise(zone.name().hashCode() * 7919L + generatedAt.toEpochMilli(), start.toEpochMilli())
                    * zone.noiseGrams() * (1 + i / 12.0);
            points.add(ForecastPoint.newBuilder().setFrom(start).setDurationSeconds((int) FORECAST_STEP.toSeconds())
                    .setGCo2ePerKwh(Math.max(5.0, profile(zone, start) + error)).build());
        }
        return IntensityForecast.newBuilder().setZone(zone.name()).setProvider(SOURCE)
                .setSignal(IntensitySignal.AVERAGE).setGeneratedAt(generatedAt).setPoints(points).build();
    }

    private double actualIntensity(DemoCatalog.Zone zone, Instant slotStart) {
        double value = profile(zone, slotStart) + noise(zone.name().hashCode(), slotStart.toEpochMilli()) * zone.noiseGrams();
        return Math.max(5.0, Math.round(value * 10) / 10.0);
    }

    private static double profile(DemoCatalog.Zone zone, Instant t) {
        double hourOfDay = Math.floorMod(t.toEpochMilli(), 86_400_000L) / 3_600_000.0;
        return zone.meanGrams() + zone.amplitudeGrams() * Math.cos(2 * Math.PI * (hourOfDay - zone.peakHourUtc()) / 24);
    }

    /** Standard normal noise that depends only on the seed, a stream id and a time: no poll history. */
    private double noise(long stream, long millis) {
        return new Random(seed * 0x9E3779B97F4A7C15L ^ stream * 0xC2B2AE3D27D4EB4FL ^ millis).nextGaussian();
    }

    private static DemoCatalog.Zone zoneNamed(String name) {
        return DemoCatalog.ZONES.stream().filter(z -> z.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown demo zone '" + name + "'"));
    }

    private void initialise(long step) {
        for (DemoWorkload workload : DemoCatalog.WORKLOADS) {
            for (int i = 0; i < workload.replicas(); i++) {
                SimPod pod = spawn(workload, step);
                // Start mid-life so the first generation does not end all at once.
                pod.endStep = step + 1 + random.nextInt((int) Math.max(1, pod.endStep - step));
                live.add(pod);
            }
        }
    }

    private void advance(long step) {
        List<SimPod> ended = new ArrayList<>();
        for (SimPod pod : live) {
            if (step >= pod.endStep) {
                ended.add(pod);
            }
        }
        for (SimPod pod : ended) {
            live.remove(pod);
            endedSinceLastListing.add(pod);
            live.add(spawn(pod.workload, step));
        }
    }

    private void emit(long step, List<EnergySample> out) {
        Instant timestamp = Instant.ofEpochMilli(step * stepMillis);
        double seconds = stepMillis / 1000.0;
        double resetProbability = RESET_PROBABILITY_PER_HOUR * seconds / 3600.0;
        for (SimPod pod : live) {
            boolean reset = pod.lastStep >= 0 && random.nextDouble() < resetProbability;
            if (reset) {
                LOGGER.debug("event=demo_counter_reset pod={} step={}", pod.metadata.getName(), step);
            }
            countRequests(pod, step, seconds, reset, timestamp);
            for (String component : COMPONENTS) {
                Double meanWatts = pod.workload.watts().get(component);
                if (meanWatts == null) {
                    continue;
                }
                double load = 0.75 + 0.25 * Math.sin(2 * Math.PI * step * seconds / 900.0 + pod.phase)
                        + 0.05 * random.nextGaussian();
                double joules = meanWatts * Math.max(0.05, load) * seconds;
                double counter = pod.lastStep < 0 ? joules * random.nextDouble() : pod.counters.get(component);
                counter = reset ? joules * random.nextDouble() : counter + (pod.lastStep < 0 ? 0 : joules);
                pod.counters.put(component, counter);
                out.add(EnergySample.newBuilder().setPodUid(pod.metadata.getPodUid()).setComponent(component)
                        .setNode(pod.metadata.getNode()).setTimestamp(timestamp)
                        .setEnergyJoules(Math.round(counter * 1000) / 1000.0).setSource(SOURCE).build());
            }
            pod.lastStep = step;
        }
    }

    /** Requests at the pod's load (no noise drawn, so energy samples stay what they were without this). */
    private void countRequests(SimPod pod, long step, double seconds, boolean reset, Instant timestamp) {
        if (!pod.workload.servesRequests()) {
            return;
        }
        boolean first = pod.lastStep < 0;
        double load = 0.75 + 0.25 * Math.sin(2 * Math.PI * step * seconds / 900.0 + pod.phase);
        double requests = Math.floor(pod.workload.requestsPerSecond() * load * seconds);
        pod.requests = first ? 0 : reset ? requests : pod.requests + requests;
        if (!unitsWanted) {
            return;
        }
        pendingUnits.add(FunctionalUnitSample.newBuilder().setModel(pod.workload.model()).setUnit(REQUEST_UNIT)
                .setSeries(pod.metadata.getNamespace() + "/" + pod.metadata.getName()).setTimestamp(timestamp)
                .setCount(pod.requests).setSource(SOURCE).build());
    }

    private SimPod spawn(DemoWorkload workload, long step) {
        List<DemoCatalog.Node> candidates = DemoCatalog.NODES.stream()
                .filter(n -> n.gpu() || !workload.needsGpu()).toList();
        DemoCatalog.Node node = candidates.get(random.nextInt(candidates.size()));
        UUID uid = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        String name = workload.name() + "-" + suffix(10) + "-" + suffix(5);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", workload.name());
        if (workload.team() != null) {
            labels.put(TEAM_LABEL, workload.team());
        }
        if (workload.model() != null) {
            labels.put(MODEL_LABEL, workload.model());
        }
        labels.put(SIMULATED_LABEL, "true");
        PodMetadata metadata = PodMetadata.newBuilder().setPodUid(uid.toString()).setNamespace(workload.namespace())
                .setName(name).setNode(node.name()).setTeam(workload.team()).setModel(workload.model())
                .setWorkloadClass(workload.workloadClass()).setLabels(new LinkedHashMap<>(labels)).build();
        int lifetimeMinutes = workload.minLifetimeMinutes()
                + random.nextInt(workload.maxLifetimeMinutes() - workload.minLifetimeMinutes() + 1);
        long lifetimeSteps = Math.max(2, Duration.ofMinutes(lifetimeMinutes).toMillis() / stepMillis);
        return new SimPod(workload, metadata, step + lifetimeSteps, random.nextDouble() * 2 * Math.PI);
    }

    private String suffix(int length) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** One simulated pod: its metadata, when it ends and its counters per component. */
    private static final class SimPod {
        final DemoWorkload workload;
        final PodMetadata metadata;
        final double phase;
        final Map<String, Double> counters = new LinkedHashMap<>();
        double requests;
        long endStep;
        long lastStep = -1;

        SimPod(DemoWorkload workload, PodMetadata metadata, long endStep, double phase) {
            this.workload = workload;
            this.metadata = metadata;
            this.endStep = endStep;
            this.phase = phase;
        }
    }
}
