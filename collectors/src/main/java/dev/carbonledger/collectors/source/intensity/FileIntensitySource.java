package dev.carbonledger.collectors.source.intensity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.collectors.source.IntensityReadings;
import dev.carbonledger.collectors.source.IntensitySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intensity records and forecasts from a local file, for sites with their own data or none, in one of three forms:
 * <ul>
 *   <li>JSON Lines in the replay format ({@code {"zone","from","to"?,"gCo2ePerKwh","forecast"?,"estimated"?,
 *       "signal"?}});</li>
 *   <li>for a {@code .csv} file, a header line naming the columns
 *       {@code zone,from,to,gCo2ePerKwh[,forecast][,estimated][,signal]};</li>
 *   <li>the Carbon Aware SDK's JSON array (a file whose first character is {@code [}): either its forecast points
 *       {@code [{location, timestamp, duration, value}]} (duration in minutes, as the SDK and the Kubernetes carbon
 *       intensity exporter write them) or whole forecasts {@code [{location, generatedAt?, forecastData: [...]}]}.
 *       Their signal is {@code sdkSignal} (the SDK's usual backend, WattTime, is marginal).</li>
 * </ul>
 * Records are published as they are. Forecast rows (every point of an SDK array; {@code forecast=true} rows of the
 * other forms) are also published as one forecast series per zone, so the policy views can answer for them; a series'
 * {@code generatedAt} is the given one, else its first point's start. A point's length is its {@code to} (or SDK
 * duration), else the distance to the zone's next point. Timestamps are RFC 3339 or epoch milliseconds. The file is
 * read at the first poll and again whenever its size or modification time changes. Malformed lines are skipped and
 * logged with their line number.
 */
public final class FileIntensitySource implements IntensitySource {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileIntensitySource.class);
    public static final String PROVIDER = "file";

    private final Path file;
    private final IntensitySignal sdkSignal;
    private Object lastVersion;
    private int malformedLines;

    public FileIntensitySource(Path file) {
        this(file, IntensitySignal.MARGINAL);
    }

    /** @param sdkSignal the signal of data in the Carbon Aware SDK's shape */
    public FileIntensitySource(Path file, IntensitySignal sdkSignal) {
        this.file = Objects.requireNonNull(file, "file");
        this.sdkSignal = Objects.requireNonNull(sdkSignal, "sdkSignal");
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
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<IntensityRecord> records;
        List<IntensityForecast> forecasts;
        if (text.stripLeading().startsWith("[")) {
            forecasts = sdkArray(text);
            records = new ArrayList<>();
            for (IntensityForecast f : forecasts) {
                for (ForecastPoint p : f.getPoints()) {
                    records.add(IntensityRecords.record(f.getZone(), p.getFrom(), p.getFrom().plusSeconds(p.getDurationSeconds()),
                            p.getGCo2ePerKwh(), f.getSignal(), PROVIDER, false, true));
                }
            }
        } else {
            List<String> lines = text.lines().toList();
            records = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? csv(lines) : jsonLines(lines);
            forecasts = forecastSeries(records);
        }
        lastVersion = version;
        LOGGER.info("event=intensity_file_read file={} records={} forecasts={} malformedLines={}", file, records.size(),
                forecasts.size(), malformedLines);
        return new IntensityReadings(records, forecasts);
    }

    /** The Carbon Aware SDK's array: forecast points, or whole forecasts with {@code forecastData}. */
    private List<IntensityForecast> sdkArray(String text) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IOException("intensity file " + file + " starts with '[' but is not a JSON array: "
                    + e.getMessage(), e);
        }
        Map<String, List<ForecastPoint>> points = new LinkedHashMap<>();
        Map<String, Instant> generatedAt = new HashMap<>();
        int index = 0;
        for (JsonNode element : root) {
            index++;
            try {
                if (element.has("forecastData")) {
                    String location = Json.text(element, "location");
                    if (element.hasNonNull("generatedAt")) {
                        generatedAt.put(location, Timestamps.parse(element, "generatedAt"));
                    }
                    for (JsonNode p : element.path("forecastData")) {
                        points.computeIfAbsent(location, l -> new ArrayList<>()).add(sdkPoint(p));
                    }
                } else {
                    points.computeIfAbsent(Json.text(element, "location"), l -> new ArrayList<>()).add(sdkPoint(element));
                }
            } catch (RuntimeException e) {
                skip(index, e);
            }
        }
        List<IntensityForecast> forecasts = new ArrayList<>();
        points.forEach((zone, list) -> {
            list.sort(Comparator.comparing(ForecastPoint::getFrom));
            forecasts.add(IntensityForecast.newBuilder().setZone(zone).setProvider(PROVIDER).setSignal(sdkSignal)
                    .setGeneratedAt(generatedAt.getOrDefault(zone, list.get(0).getFrom())).setPoints(list).build());
        });
        return forecasts;
    }

    private static ForecastPoint sdkPoint(JsonNode p) {
        double minutes = Json.number(p, "duration");
        if (!(minutes > 0) || minutes != Math.rint(minutes)) {
            throw new IllegalArgumentException("duration must be a positive whole number of minutes, got " + p.get("duration"));
        }
        double value = Json.number(p, "value");
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("value must be a finite number >= 0, got " + p.get("value"));
        }
        return IntensityRecords.point(Timestamps.parse(p, "timestamp"), Duration.ofMinutes((long) minutes), value);
    }

    /** One series per zone and signal of the forecast rows, points sized by their {@code to} or the next row. */
    private static List<IntensityForecast> forecastSeries(List<IntensityRecord> records) {
        Map<List<Object>, List<IntensityRecord>> byZone = new LinkedHashMap<>();
        for (IntensityRecord r : records) {
            if (r.getForecast()) {
                byZone.computeIfAbsent(List.of(r.getZone(), r.getSignal()), k -> new ArrayList<>()).add(r);
            }
        }
        List<IntensityForecast> forecasts = new ArrayList<>();
        byZone.forEach((key, rows) -> {
            rows.sort(Comparator.comparing(IntensityRecord::getFrom));
            List<ForecastPoint> points = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                IntensityRecord r = rows.get(i);
                Instant end = r.getTo() != null ? r.getTo() : i + 1 < rows.size() ? rows.get(i + 1).getFrom() : null;
                if (end != null && end.isAfter(r.getFrom())) {
                    points.add(IntensityRecords.point(r.getFrom(), Duration.between(r.getFrom(), end), r.getGCo2ePerKwh()));
                }
            }
            if (!points.isEmpty()) {
                forecasts.add(IntensityForecast.newBuilder().setZone((String) key.get(0)).setProvider(PROVIDER)
                        .setSignal((IntensitySignal) key.get(1)).setGeneratedAt(points.get(0).getFrom()).setPoints(points)
                        .build());
            }
        });
        return forecasts;
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
