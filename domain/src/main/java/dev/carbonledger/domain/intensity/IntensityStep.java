package dev.carbonledger.domain.intensity;

/**
 * The intensity in effect at some time: its value in gCO2e/kWh and the {@code from} of the record that set it,
 * or {@code null} when no record was in effect and the default applied.
 */
public record IntensityStep(double gCo2ePerKwh, Long fromMillis) {}
