package dev.carbonledger.collectors.source.rapl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the RAPL zones of {@code /sys/class/powercap} ({@code intel-rapl:N} packages and {@code intel-rapl:N:M}
 * sub-zones; AMD exposes the same names) and turns their wrapping microjoule counters into node energy per
 * component that never wraps: {@code energy_uj} wraps to zero after {@code max_energy_range_uj}, so a drop
 * means the counter went round once. Zone names map to components: {@code package-N} → package, {@code dram},
 * {@code core}, {@code uncore}, {@code psys} → platform. Not thread-safe.
 */
final class PowercapZones {
    private static final Pattern ZONE_DIR = Pattern.compile("intel-rapl:\\d+(:\\d+)?");

    private final Path root;
    private final Map<String, Long> lastMicrojoules = new HashMap<>();
    private final Map<String, Double> joulesByComponent = new LinkedHashMap<>();

    PowercapZones(Path root) {
        this.root = root;
    }

    /** Reads every zone once; returns the energy in joules per component since the first read. */
    Map<String, Double> read() throws IOException {
        List<Path> zones = zones();
        if (zones.isEmpty()) {
            throw new IOException("no RAPL zone (intel-rapl:N) under " + root
                    + "; is powercap available and /sys mounted into the container?");
        }
        Map<String, Double> increase = new LinkedHashMap<>();
        for (Path zone : zones) {
            String component = component(text(zone.resolve("name")));
            long microjoules = Long.parseLong(text(zone.resolve("energy_uj")));
            Long last = lastMicrojoules.put(zone.getFileName().toString(), microjoules);
            long delta;
            if (last == null) {
                delta = 0;
            } else if (microjoules >= last) {
                delta = microjoules - last;
            } else {
                delta = maxRange(zone) - last + microjoules;
            }
            increase.merge(component, delta / 1e6, Double::sum);
        }
        increase.forEach((component, joules) -> joulesByComponent.merge(component, joules, Double::sum));
        return Map.copyOf(joulesByComponent);
    }

    private List<Path> zones() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> zones = new ArrayList<>(entries
                    .filter(p -> ZONE_DIR.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve("energy_uj")))
                    .toList());
            zones.sort(null);
            return zones;
        }
    }

    private static long maxRange(Path zone) throws IOException {
        Path file = zone.resolve("max_energy_range_uj");
        if (!Files.isRegularFile(file)) {
            throw new IOException("RAPL counter of " + zone + " went down but " + file + " is missing");
        }
        return Long.parseLong(text(file));
    }

    static String component(String zoneName) {
        if (zoneName.startsWith("package")) {
            return "package";
        }
        return switch (zoneName) {
            case "dram", "core", "uncore" -> zoneName;
            case "psys" -> "platform";
            default -> "other";
        };
    }

    static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
}
