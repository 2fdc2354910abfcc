package dev.carbonledger.launcher.imports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CodeCarbon's {@code emissions.csv} (header: timestamp, project_name, run_id, duration, emissions,
 * emissions_rate, cpu_power, gpu_power, ram_power, cpu_energy, gpu_energy, ram_energy, energy_consumed,
 * country_name, country_iso_code, region, ...; energies in kWh, emissions in kg CO2e, duration in seconds since the
 * run started, {@code timestamp} the time of the row). CodeCarbon writes the timestamp in the machine's local time
 * without an offset, so {@code zone} says which time zone that was. A row that cannot be read is reported with its
 * line number and skipped.
 */
final class CodeCarbonCsv {
    static final List<String> REQUIRED = List.of("timestamp", "run_id", "duration", "energy_consumed", "emissions");
    private static final CsvMapper MAPPER = new CsvMapper();

    /** The runs and the problems found (file line, reason). */
    record Parsed(List<CodeCarbonRun> runs, List<String> problems) {}

    private CodeCarbonCsv() {}

    static Parsed parse(String text, ZoneId zone) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<CodeCarbonRun.Reading>> readings = new LinkedHashMap<>();
        Map<String, Map<String, String>> firstRow = new LinkedHashMap<>();
        Map<String, Instant> starts = new LinkedHashMap<>();
        try (MappingIterator<Map<String, String>> rows = MAPPER.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            boolean checked = false;
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                int line = rows.getCurrentLocation().getLineNr() - 1;
                if (!checked) {
                    List<String> missing = REQUIRED.stream().filter(c -> !row.containsKey(c)).toList();
                    if (!missing.isEmpty()) {
                        throw new IllegalArgumentException("not a CodeCarbon emissions.csv: the header lacks " + missing);
                    }
                    checked = true;
                }
                try {
                    Instant at = timestamp(row.get("timestamp"), zone);
                    double duration = number(row, "duration");
                    double total = kwh(row, "energy_consumed");
                    CodeCarbonRun.Reading reading = new CodeCarbonRun.Reading(at, optionalKwh(row, "cpu_energy"),
                            optionalKwh(row, "gpu_energy"), optionalKwh(row, "ram_energy"), total, number(row, "emissions"));
                    String run = text(row, "run_id");
                    readings.computeIfAbsent(run, r -> new ArrayList<>()).add(reading);
                    firstRow.putIfAbsent(run, row);
                    Instant start = at.minusMillis(Math.round(duration * 1000));
                    starts.merge(run, start, (a, b) -> a.isBefore(b) ? a : b);
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    problems.add("line " + line + ": " + e.getMessage());
                }
            }
        }
        List<CodeCarbonRun> runs = new ArrayList<>();
        readings.forEach((run, list) -> {
            list.sort(Comparator.comparing(CodeCarbonRun.Reading::at));
            Map<String, String> row = firstRow.get(run);
            runs.add(new CodeCarbonRun(run, row.getOrDefault("project_name", ""), starts.get(run), List.copyOf(list),
                    row.getOrDefault("country_iso_code", ""), row.getOrDefault("region", "")));
        });
        return new Parsed(runs, problems);
    }

    private static Instant timestamp(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        String v = value.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(v).atZone(zone).toInstant();
        }
    }

    private static String text(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("empty " + column);
        }
        return v.trim();
    }

    private static double number(Map<String, String> row, String column) {
        String v = text(row, column);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || d < 0) {
                throw new IllegalArgumentException(column + " must be a finite number >= 0, got '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is not a number: '" + v + "'");
        }
    }

    private static double kwh(Map<String, String> row, String column) {
        return number(row, column) * 3.6e6;
    }

    private static double optionalKwh(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null || v.isBlank() ? 0 : kwh(row, column);
    }

    static Duration duration(CodeCarbonRun run) {
        return Duration.between(run.start(), run.end());
    }
}
