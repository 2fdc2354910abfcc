package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.avro.EmissionsWindow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The final value of every (group, window) read back from a rollup topic: later records for the same group and
 * window supersede earlier ones. Written as DESIGN section 5's output files, one row per (group, window) that
 * received energy, sorted by group then window start; timestamps as RFC 3339 UTC strings.
 */
final class WindowResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Key(String group, long windowStart) {}

    private final Map<Key, EmissionsWindow> latest = new TreeMap<>(
            Comparator.comparing(Key::group).thenComparingLong(Key::windowStart));

    void accept(EmissionsWindow window) {
        latest.put(new Key(window.getGroup(), window.getWindowStart().toEpochMilli()), window);
    }

    /** Rows that received energy (energyJoules > 0), in output order. */
    List<EmissionsWindow> rows() {
        return latest.values().stream().filter(w -> w.getEnergyJoules() > 0).toList();
    }

    double totalJoules() {
        return rows().stream().mapToDouble(EmissionsWindow::getEnergyJoules).sum();
    }

    double totalGrams() {
        return rows().stream().mapToDouble(EmissionsWindow::getCo2eGrams).sum();
    }

    /** Writes the rows with the group under the given field name ({@code team} or {@code model}). */
    void write(Path file, String groupField) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (EmissionsWindow w : rows()) {
                ObjectNode row = JSON.createObjectNode();
                row.put(groupField, w.getGroup());
                row.put("windowStart", format(w.getWindowStart()));
                row.put("windowEnd", format(w.getWindowEnd()));
                row.put("energyJoules", w.getEnergyJoules());
                row.put("co2eGrams", w.getCo2eGrams());
                out.write(JSON.writeValueAsString(row));
                out.newLine();
            }
        }
    }

    private static String format(Instant instant) {
        return instant.toString();
    }
}
