package dev.carbonledger.collectors.source.intensity;

import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builders of the Avro intensity records, shared by the providers. */
final class IntensityRecords {
    /** Grams per kilowatt-hour in one pound per megawatt-hour. */
    static final double GRAMS_PER_KWH_PER_LB_PER_MWH = 0.45359237;

    private IntensityRecords() {}

    static IntensityRecord record(String zone, Instant from, Instant to, double grams, IntensitySignal signal,
            String provider, boolean estimated, boolean forecast) {
        if (!Double.isFinite(grams) || grams < 0) {
            throw new IllegalArgumentException("intensity for zone " + zone + " at " + from
                    + " must be a finite value >= 0, got " + grams);
        }
        return IntensityRecord.newBuilder().setZone(zone).setFrom(from).setTo(to).setGCo2ePerKwh(grams)
                .setSignal(signal).setProvider(provider).setEstimated(estimated).setForecast(forecast).build();
    }

    /**
     * A forecast series, and one {@code forecast=true} record per point that starts after {@code now}: a point
     * of the current slot would arrive after that slot's actual and wrongly supersede it.
     */
    static void forecast(String zone, String provider, IntensitySignal signal, Instant generatedAt, Instant now,
            List<ForecastPoint> points, List<IntensityRecord> records, List<IntensityForecast> forecasts) {
        if (points.isEmpty()) {
            return;
        }
        List<ForecastPoint> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> a.getFrom().compareTo(b.getFrom()));
        forecasts.add(IntensityForecast.newBuilder().setZone(zone).setProvider(provider).setSignal(signal)
                .setGeneratedAt(generatedAt).setPoints(sorted).build());
        for (ForecastPoint p : sorted) {
            if (!p.getFrom().isAfter(now)) {
                continue;
            }
            records.add(record(zone, p.getFrom(), p.getFrom().plusSeconds(p.getDurationSeconds()), p.getGCo2ePerKwh(),
                    signal, provider, false, true));
        }
    }

    static ForecastPoint point(Instant from, Duration duration, double grams) {
        return ForecastPoint.newBuilder().setFrom(from).setDurationSeconds((int) duration.toSeconds())
                .setGCo2ePerKwh(grams).build();
    }
}
