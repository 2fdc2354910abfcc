package dev.carbonledger.collectors.source.gpu;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.source.EnergySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPU energy from {@code nvidia-smi}, for nodes without dcgm-exporter. Each poll reads every GPU's power
 * ({@code --query-gpu=index,uuid,power.draw --format=csv,noheader,nounits}) and integrates it over time
 * (trapezoids between polls) into a cumulative joules counter. The GPU's energy of an interval is split among
 * the pods with compute processes on it ({@code --query-compute-apps=gpu_uuid,pid,used_memory}) by their
 * share of GPU memory; a process's pod comes from {@code <procRoot>/<pid>/cgroup} (the agent needs the host's
 * PID namespace). A GPU with no pod process charges {@code system_processes@<node>}. Counters start at zero.
 */
public final class NvidiaSmiSource implements EnergySource {
    public static final String SOURCE = "gpu";
    private static final Pattern POD_UID = Pattern.compile(
            "pod([0-9a-fA-F]{8}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{12})");

    private final CommandRunner runner;
    private final String command;
    private final Path procRoot;
    private final String node;
    private final Clock clock;
    private final Map<String, Reading> lastReading = new HashMap<>();
    private final Map<String, Double> counters = new LinkedHashMap<>();

    private record Reading(Instant at, double watts) {}

    public NvidiaSmiSource(CommandRunner runner, String command, Path procRoot, String node, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.command = Objects.requireNonNull(command, "command");
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "nvidia-smi";
    }

    @Override
    public List<EnergySample> poll() throws IOException {
        Instant now = clock.instant();
        String gpus = runner.run(List.of(command, "--query-gpu=index,uuid,power.draw", "--format=csv,noheader,nounits"));
        String apps = runner.run(List.of(command, "--query-compute-apps=gpu_uuid,pid,used_memory",
                "--format=csv,noheader,nounits"));
        Map<String, Map<String, Double>> memoryByPodPerGpu = podsPerGpu(apps);
        String system = "system_processes@" + node;
        List<String> seen = new ArrayList<>();
        for (List<String> row : csv(gpus, 3)) {
            String uuid = row.get(1);
            Optional<Double> watts = number(row.get(2));
            Reading previous = lastReading.get(uuid);
            Map<String, Double> pods = memoryByPodPerGpu.getOrDefault(uuid, Map.of());
            pods.keySet().forEach(pod -> counters.putIfAbsent(pod, 0.0));
            seen.addAll(pods.keySet());
            if (watts.isEmpty()) {
                continue;
            }
            lastReading.put(uuid, new Reading(now, watts.get()));
            if (previous == null) {
                continue;
            }
            double seconds = Duration.between(previous.at(), now).toNanos() / 1e9;
            double joules = Math.max(0, (previous.watts() + watts.get()) / 2 * seconds);
            double memory = pods.values().stream().mapToDouble(Double::doubleValue).sum();
            if (pods.isEmpty()) {
                counters.merge(system, joules, Double::sum);
            }
            for (Map.Entry<String, Double> pod : pods.entrySet()) {
                double share = memory > 0 ? pod.getValue() / memory : 1.0 / pods.size();
                counters.merge(pod.getKey(), joules * share, Double::sum);
            }
        }
        counters.putIfAbsent(system, 0.0);
        counters.keySet().removeIf(pod -> !pod.equals(system) && !seen.contains(pod));
        List<EnergySample> samples = new ArrayList<>();
        counters.forEach((pod, joules) -> samples.add(EnergySample.newBuilder().setPodUid(pod).setComponent("gpu")
                .setNode(node).setTimestamp(now).setEnergyJoules(joules).setSource(SOURCE).build()));
        return samples;
    }

    private Map<String, Map<String, Double>> podsPerGpu(String apps) throws IOException {
        Map<String, Map<String, Double>> result = new HashMap<>();
        for (List<String> row : csv(apps, 3)) {
            Optional<String> pod = podOf(row.get(1));
            if (pod.isPresent()) {
                result.computeIfAbsent(row.get(0), g -> new LinkedHashMap<>())
                        .merge(pod.get(), number(row.get(2)).orElse(0.0), Double::sum);
            }
        }
        return result;
    }

    private Optional<String> podOf(String pid) throws IOException {
        Path cgroup = procRoot.resolve(pid).resolve("cgroup");
        if (!pid.matches("\\d+") || !Files.isRegularFile(cgroup)) {
            return Optional.empty(); // the process ended, or runs outside any pod
        }
        Matcher m = POD_UID.matcher(Files.readString(cgroup));
        return m.find() ? Optional.of(m.group(1).replace('_', '-')) : Optional.empty();
    }

    private static List<List<String>> csv(String output, int columns) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank() || line.startsWith("No running")) {
                continue;
            }
            List<String> cells = List.of(line.split(",")).stream().map(String::strip).toList();
            if (cells.size() != columns) {
                throw new IOException("unexpected nvidia-smi output line (expected " + columns + " columns): '"
                        + line.strip() + "'");
            }
            rows.add(cells);
        }
        return rows;
    }

    /** A number, or empty for nvidia-smi's {@code [N/A]} / {@code [Not Supported]}. */
    private static Optional<Double> number(String cell) {
        try {
            return Optional.of(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
