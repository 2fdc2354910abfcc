package dev.carbonledger.streams.sci;

/**
 * The parts of a model's Software Carbon Intensity in one window (ISO/IEC 21031, SCI = (E·I + M) per R).
 *
 * @param energyJoules     E: measured IT energy of the model's pods, joules, without PUE
 * @param operationalGrams E·I: operational emissions, gCO2e (PUE and event-time intensity applied)
 * @param embodiedGrams    M: the model's share of its nodes' embodied emissions, gCO2e
 * @param units            R: functional units counted
 */
public record SciParts(double energyJoules, double operationalGrams, double embodiedGrams, double units) {

    /** (E·I + M) / R in gCO2e per unit, or {@code null} when no unit was counted (R = 0). */
    public Double gramsPerUnit() {
        return units > 0 ? (operationalGrams + embodiedGrams) / units : null;
    }
}
