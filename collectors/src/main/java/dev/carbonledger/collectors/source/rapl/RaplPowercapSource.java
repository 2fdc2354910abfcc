package dev.carbonledger.collectors.source.rapl;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.source.EnergySource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Measures node energy with RAPL powercap counters and attributes it to pods by their share of CPU time
 * (cgroup v2 {@code usage_usec}) between two polls. Every joule is attributed: a pod gets
 * {@code ΔE × Δcpu(pod) / Δcpu(node)}; what pods did not use (host processes, idle) goes to the series
 * {@code system_processes@<node>}, so Σ pods + system = the node's RAPL energy. Without a root
 * {@code cpu.stat}, pods share all of it. Components {@code package} and {@code dram} are attributed
 * ({@code core}/{@code uncore} are parts of package; {@code psys} overlaps both). Each pod's counter starts at
 * zero when the source first sees it. Root paths are configurable so that tests use an on-disk sysfs tree.
 */
public final class RaplPowercapSource implements EnergySource {
    public static final String SOURCE = "rapl";
    public static final List<String> ATTRIBUTED = List.of("package", "dram");

    private final PowercapZones zones;
    private final PodCgroups cgroups;
    private final String node;
    private final Clock clock;
    private final String systemSeries;
    private Map<String, Double> lastNodeJoules;
    private Map<String, Long> lastPodCpu = Map.of();
    private Long lastNodeCpu;
    private final Map<String, Map<String, Double>> counters = new LinkedHashMap<>();

    public RaplPowercapSource(Path powercapRoot, Path cgroupRoot, String node, Clock clock) {
        this.zones = new PowercapZones(Objects.requireNonNull(powercapRoot, "powercapRoot"));
        this.cgroups = new PodCgroups(Objects.requireNonNull(cgroupRoot, "cgroupRoot"));
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.systemSeries = "system_processes@" + node;
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public List<EnergySample> poll() throws IOException {
        Instant now = clock.instant();
        Map<String, Double> nodeJoules = zones.read();
        Map<String, Long> podCpu = cgroups.podCpuMicros();
        Optional<Long> nodeCpu = cgroups.nodeCpuMicros();
        Map<String, Long> podCpuDelta = new LinkedHashMap<>();
        podCpu.forEach((uid, micros) -> {
            Long last = lastPodCpu.get(uid);
            podCpuDelta.put(uid, last == null ? 0L : micros >= last ? micros - last : micros);
        });
        long podTotal = podCpuDelta.values().stream().mapToLong(Long::longValue).sum();
        long nodeDelta = nodeCpu.isPresent() && lastNodeCpu != null
                ? Math.max(nodeCpu.get() - lastNodeCpu, podTotal) : podTotal;
        counters.keySet().removeIf(pod -> !pod.equals(systemSeries) && !podCpu.containsKey(pod));
        for (String component : ATTRIBUTED) {
            Double total = nodeJoules.get(component);
            if (total == null) {
                continue;
            }
            double energy = lastNodeJoules == null ? 0 : total - lastNodeJoules.getOrDefault(component, 0.0);
            double attributed = 0;
            for (Map.Entry<String, Long> pod : podCpuDelta.entrySet()) {
                double share = nodeDelta == 0 ? 0 : energy * pod.getValue() / nodeDelta;
                attributed += share;
                add(pod.getKey(), component, share);
            }
            add(systemSeries, component, energy - attributed);
        }
        lastNodeJoules = nodeJoules;
        lastPodCpu = podCpu;
        lastNodeCpu = nodeCpu.orElse(null);
        List<EnergySample> samples = new ArrayList<>();
        counters.forEach((pod, byComponent) -> byComponent.forEach((component, joules) -> samples.add(
                EnergySample.newBuilder().setPodUid(pod).setComponent(component).setNode(node).setTimestamp(now)
                        .setEnergyJoules(joules).setSource(SOURCE).build())));
        return samples;
    }

    private void add(String pod, String component, double joules) {
        counters.computeIfAbsent(pod, p -> new TreeMap<>()).merge(component, Math.max(0, joules), Double::sum);
    }
}
