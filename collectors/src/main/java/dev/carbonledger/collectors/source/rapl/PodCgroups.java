package dev.carbonledger.collectors.source.rapl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the pod cgroups of a cgroup v2 hierarchy and reads their CPU time ({@code cpu.stat} {@code usage_usec}).
 * Both kubelet cgroup drivers are understood: systemd ({@code kubepods.slice/kubepods-burstable.slice/
 * kubepods-burstable-pod<uid with _>.slice}) and cgroupfs ({@code kubepods/burstable/pod<uid>}).
 */
final class PodCgroups {
    private static final Pattern POD_DIR =
            Pattern.compile("(?:kubepods-(?:burstable-|besteffort-)?)?pod([0-9a-fA-F][0-9a-fA-F_-]+)(?:\\.slice)?");
    private static final int MAX_DEPTH = 3;

    private final Path root;

    PodCgroups(Path root) {
        this.root = root;
    }

    /** CPU time in microseconds per pod uid. */
    Map<String, Long> podCpuMicros() throws IOException {
        Map<String, Long> usage = new LinkedHashMap<>();
        for (String top : List.of("kubepods.slice", "kubepods")) {
            Path dir = root.resolve(top);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(dir, MAX_DEPTH)) {
                for (Path p : tree.filter(Files::isDirectory).sorted().toList()) {
                    Matcher m = POD_DIR.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        Optional<Long> micros = usageMicros(p);
                        if (micros.isPresent()) {
                            usage.put(m.group(1).replace('_', '-'), micros.get());
                        }
                    }
                }
            }
        }
        return usage;
    }

    /** CPU time of the whole node (the root cgroup), when the kernel exposes it. */
    Optional<Long> nodeCpuMicros() throws IOException {
        return usageMicros(root);
    }

    private static Optional<Long> usageMicros(Path cgroup) throws IOException {
        Path stat = cgroup.resolve("cpu.stat");
        if (!Files.isRegularFile(stat)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(stat)) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals("usage_usec")) {
                return Optional.of(Long.parseLong(parts[1]));
            }
        }
        throw new IOException(stat + " has no usage_usec line");
    }
}
