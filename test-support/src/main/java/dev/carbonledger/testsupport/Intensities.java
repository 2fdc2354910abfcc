package dev.carbonledger.testsupport;

import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;

import java.time.Instant;

/**
 * Builds {@link IntensityRecord}s for tests: {@code anIntensity("DE").from(T0).gCo2ePerKwh(300).build()}.
 * Defaults: from {@link TestTime#T0}, no end, 100 gCO2e/kWh, average signal, provider {@code test},
 * neither estimated nor forecast.
 */
public final class Intensities {

    private final String zone;
    private Instant from = TestTime.T0;
    private Instant to;
    private double gCo2ePerKwh = 100.0;
    private IntensitySignal signal = IntensitySignal.AVERAGE;
    private String provider = "test";
    private boolean estimated;
    private boolean forecast;

    private Intensities(String zone) {
        this.zone = zone;
    }

    public static Intensities anIntensity(String zone) {
        return new Intensities(zone);
    }

    public Intensities from(Instant from) {
        this.from = from;
        return this;
    }

    public Intensities to(Instant to) {
        this.to = to;
        return this;
    }

    public Intensities gCo2ePerKwh(double gCo2ePerKwh) {
        this.gCo2ePerKwh = gCo2ePerKwh;
        return this;
    }

    public Intensities signal(IntensitySignal signal) {
        this.signal = signal;
        return this;
    }

    public Intensities provider(String provider) {
        this.provider = provider;
        return this;
    }

    public Intensities estimated(boolean estimated) {
        this.estimated = estimated;
        return this;
    }

    public Intensities forecast(boolean forecast) {
        this.forecast = forecast;
        return this;
    }

    public IntensityRecord build() {
        return IntensityRecord.newBuilder()
                .setZone(zone)
                .setFrom(from)
                .setTo(to)
                .setGCo2ePerKwh(gCo2ePerKwh)
                .setSignal(signal)
                .setProvider(provider)
                .setEstimated(estimated)
                .setForecast(forecast)
                .build();
    }
}
