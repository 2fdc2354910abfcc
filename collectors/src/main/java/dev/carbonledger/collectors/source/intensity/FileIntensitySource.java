package dev.carbonledger.collectors.source.intensity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.collectors.source.IntensityReadings;
import dev.carbonledger.collectors.source.IntensitySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intensity records from a local file, for sites with their own data or none: JSON Lines in the replay format
 * ({@code {"zone","from","to"?,"gCo2ePerKwh","forecast"?,"estimated"?,"signal"?}}) or, for a {@code .csv}
 * file, a header line naming the columns {@code zone,from,to,gCo2ePerKwh[,forecast][,estimated][,signal]}.
 * Timestamps are RFC 3339 or epoch milliseconds. The file is read at the first poll and again whenever its
 * size or modification time changes; then every record in it is published. Malformed lines are skipped and
 * logged with their line number.
 */
public final class FileIntensitySource implements IntensitySource {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileIntensitySource.class);
    public static final String PROVIDER = "file";

    private final Path file;
    private Object lastVersion;
    private int malformedLines;

    public FileIntensitySource(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public String name() {
        return PROVIDER;
    }

    @Override
    public IntensityReadings intensity() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        List<Object> version = List.of(attributes.size(), attributes.lastModifiedTime());
        if (version.equals(lastVersion)) {
            return IntensityReadings.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<IntensityRecord> records = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? csv(lines) : jsonLines(lines);
        lastVersion = version;
        LOGGER.info("event=intensity_file_read file={} records={} malformedLines={}", file, records.size(),
                malformedLines);
        return IntensityReadings.of(records);
    }

    /** Lines skipped as malformed since the source was created. */
    public int malformedLines() {
        return malformedLines;
    }

    private List<IntensityRecord> jsonLines(List<String> lines) {
        List<IntensityRecord> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                Map<String, String> fields = new HashMap<>();
                node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
                if (node.has("gCo2ePerKwh") && !node.get("gCo2ePerKwh").isNumber()) {
                    throw new IllegalArgumentException("gCo2ePerKwh must be a number");
                }
                records.add(record(fields));
            } catch (IOException | RuntimeException e) {
                skip(i + 1, e);
            }
        }
        return records;
    }

    private List<IntensityRecord> csv(List<String> lines) {
        List<IntensityRecord> records = new ArrayList<>();
        if (lines.isEmpty()) {
            return records;
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                String[] cells = line.split(",", -1);
                if (cells.length != header.size()) {
                    throw new IllegalArgumentException("expected " + header.size() + " columns, found " + cells.length);
                }
                Map<String, String> fields = new HashMap<>();
                for (int c = 0; c < cells.length; c++) {
                    fields.put(header.get(c), cells[c].strip().isEmpty() ? null : cells[c].strip());
                }
                records.add(record(fields));
            } catch (RuntimeException e) {
                skip(i + 1, e);
            }
        }
        return records;
    }

    private static IntensityRecord record(Map<String, String> f) {
        String zone = required(f, "zone");
        Instant from = Timestamps.parse(required(f, "from"));
        Instant to = f.get("to") == null ? null : Timestamps.parse(f.get("to"));
        double grams;
        try {
            grams = Double.parseDouble(required(f, "gCo2ePerKwh"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gCo2ePerKwh is not a number: '" + f.get("gCo2ePerKwh") + "'");
        }
        IntensitySignal signal = f.get("signal") == null ? IntensitySignal.AVERAGE
                : IntensitySignal.valueOf(f.get("signal").toUpperCase(Locale.ROOT));
        return IntensityRecords.record(zone, from, to, grams, signal, PROVIDER, bool(f, "estimated"), bool(f, "forecast"));
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return value;
    }

    private static boolean bool(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            return false;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("'" + name + "' must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private void skip(int lineNumber, Exception e) {
        malformedLines++;
        LOGGER.warn("event=intensity_line_skipped file={} line={} reason=\"{}\"", file, lineNumber, e.getMessage());
    }
}
