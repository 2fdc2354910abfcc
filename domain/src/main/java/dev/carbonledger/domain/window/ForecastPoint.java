package dev.carbonledger.domain.window;

/**
 * One point of an intensity forecast: the value expected over {@code [startMillis, startMillis + durationMillis)}, in
 * gCO2e/kWh (Carbon Aware SDK's {@code {timestamp, duration, value}}).
 */
public record ForecastPoint(long startMillis, long durationMillis, double value) {
    public ForecastPoint {
        if (durationMillis <= 0) {
            throw new IllegalArgumentException("a forecast point needs a positive duration, got " + durationMillis + " ms");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a forecast point needs a finite value, got " + value);
        }
    }

    public long endMillis() {
        return startMillis + durationMillis;
    }
}
