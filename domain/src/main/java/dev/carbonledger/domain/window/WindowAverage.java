package dev.carbonledger.domain.window;

/** The average forecast intensity (gCO2e/kWh) of a job running over {@code [startMillis, startMillis + durationMillis)}. */
public record WindowAverage(long startMillis, long durationMillis, double value) {
    public long endMillis() {
        return startMillis + durationMillis;
    }
}
