package dev.carbonledger.collectors.source;

import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import java.util.List;
import java.util.Objects;

/** What one poll of an {@link IntensitySource} returned: records in effect from a time, and forecast series. */
public record IntensityReadings(List<IntensityRecord> records, List<IntensityForecast> forecasts) {

    public IntensityReadings {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        forecasts = List.copyOf(Objects.requireNonNull(forecasts, "forecasts"));
    }

    public static IntensityReadings empty() {
        return new IntensityReadings(List.of(), List.of());
    }

    public static IntensityReadings of(List<IntensityRecord> records) {
        return new IntensityReadings(records, List.of());
    }

    public boolean isEmpty() {
        return records.isEmpty() && forecasts.isEmpty();
    }
}
