package dev.carbonledger.schemas.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Confluent compatibility levels. BACKWARD: consumers using the new schema can read data written with the
 * previous one; FORWARD: consumers using the previous schema can read data written with the new one; FULL: both.
 * The {@code _TRANSITIVE} variants check against every earlier version instead of the latest only.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the old one(s). */
    public boolean backward() { return backward; }

    /** The old schema(s) must read data written with the new one. */
    public boolean forward() { return forward; }

    /** Checked against every earlier version, not only the latest. */
    public boolean transitive() { return transitive; }

    /** Parses a level name case-insensitively; the message lists the valid names. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Invalid compatibility level '" + name + "', expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
