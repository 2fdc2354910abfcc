package dev.carbonledger.streams.accounting;

/**
 * DESIGN section 4, rules 6 and 8: who a sample is attributed to and where its power comes from.
 * Missing pod metadata or a missing team / model gives {@link #UNATTRIBUTED}; an unknown node gives zone
 * {@link #UNKNOWN_ZONE} and the default PUE. Nothing is dropped for lack of metadata.
 */
public final class Attribution {
    public static final String UNATTRIBUTED = "unattributed";
    public static final String UNKNOWN_ZONE = "unknown";

    private Attribution() {}

    /** Team, model and namespace of a pod. */
    public record PodRef(String namespace, String team, String model) {
        public static final PodRef UNKNOWN = new PodRef(UNATTRIBUTED, UNATTRIBUTED, UNATTRIBUTED);

        public static PodRef of(String namespace, String team, String model) {
            return new PodRef(orUnattributed(namespace), orUnattributed(team), orUnattributed(model));
        }
    }

    /**
     * Zone, PUE and embodied emissions of a node; {@code pue} null means the configured default,
     * {@code embodiedGramsPerHour} null means unknown (the node adds no embodied emissions to SCI).
     */
    public record NodeRef(String zone, Double pue, Double embodiedGramsPerHour) {
        public NodeRef(String zone, Double pue) {
            this(zone, pue, null);
        }

        /** Embodied gCO2e per hour, 0 when unknown. */
        public double embodiedOrZero() {
            return embodiedGramsPerHour == null ? 0 : embodiedGramsPerHour;
        }

        public double pueOr(double defaultPue) {
            return pue == null ? defaultPue : pue;
        }
    }

    public static String orUnattributed(String value) {
        return value == null || value.isBlank() ? UNATTRIBUTED : value;
    }
}
