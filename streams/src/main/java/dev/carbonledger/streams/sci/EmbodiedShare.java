package dev.carbonledger.streams.sci;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * M of the SCI: a node's embodied emissions in a window ({@code embodiedGramsPerHour} × the window's hours) shared
 * among the models of the pods that ran on it by their share of the node's measured (IT) energy in that window.
 * A node whose pods measured no energy at all in the window shares it equally among the models seen on it; a
 * node without embodied data contributes M = 0.
 */
public final class EmbodiedShare {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private EmbodiedShare() {}

    /** The node's embodied grams in one window. */
    public static double nodeWindowGrams(double embodiedGramsPerHour, long windowMillis) {
        return embodiedGramsPerHour * (windowMillis / MILLIS_PER_HOUR);
    }

    /**
     * @param nodeGrams      the node's embodied grams in the window
     * @param joulesByModel  measured joules of each model on the node in the window
     * @return grams of M per model; the values sum to {@code nodeGrams} (up to rounding) when any model is present
     */
    public static Map<String, Double> share(double nodeGrams, Map<String, Double> joulesByModel) {
        Map<String, Double> out = new LinkedHashMap<>();
        double total = 0;
        for (double j : joulesByModel.values()) {
            total += j;
        }
        for (Map.Entry<String, Double> e : joulesByModel.entrySet()) {
            double fraction = total > 0 ? e.getValue() / total : 1.0 / joulesByModel.size();
            out.put(e.getKey(), nodeGrams * fraction);
        }
        return out;
    }
}
