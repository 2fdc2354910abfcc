package dev.carbonledger.launcher.compare;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One model's totals over a range: the sums of its windows that lie fully inside it.
 *
 * @param windows          rollup windows (carbon.emissions.model) summed
 * @param energyJoules     E: measured IT energy, joules, without PUE
 * @param emissionsGrams   E·I: operational emissions, gCO2e (rollups plus late pieces)
 * @param embodiedGrams    M: embodied emissions of the SCI windows, gCO2e; 0 without any
 * @param units            per functional unit (request, token ...): R and the SCI parts of that unit's windows
 */
public record ModelTotals(String model, long windows, double energyJoules, double emissionsGrams, double embodiedGrams,
                          SortedMap<String, UnitTotals> units) {
    public static final double JOULES_PER_KWH = 3.6e6;

    public ModelTotals {
        units = new TreeMap<>(units);
    }

    public double energyKwh() {
        return energyJoules / JOULES_PER_KWH;
    }

    /**
     * One functional unit's sums over the model's SCI windows in the range.
     *
     * @param operationalGrams Σ E·I of those windows
     * @param embodiedGrams    Σ M of those windows
     * @param functionalUnits  Σ R
     */
    public record UnitTotals(String unit, long windows, double operationalGrams, double embodiedGrams,
                             double functionalUnits) {
        /**
         * SCI = (Σ E·I + Σ M) / Σ R over the range: the sum of the parts, not the mean of the windows' ratios (which
         * would weigh a quiet window like a busy one). {@code null} when no unit was counted.
         */
        public Double sciGramsPerUnit() {
            return functionalUnits > 0 ? (operationalGrams + embodiedGrams) / functionalUnits : null;
        }
    }

    /** The totals of a model with no window in the range. */
    public static ModelTotals empty(String model) {
        return new ModelTotals(model, 0, 0, 0, 0, new TreeMap<>(Map.of()));
    }
}
