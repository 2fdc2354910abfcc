package dev.carbonledger.sinks.internal;

import java.util.ArrayList;
import java.util.List;

/** Collects every validation error of a configuration so that all of them are reported at once. */
public final class ConfigErrors {
    private final String what;
    private final List<String> errors = new ArrayList<>();

    public ConfigErrors(String what) {
        this.what = what;
    }

    public void check(boolean ok, String message) {
        if (!ok) {
            errors.add(message);
        }
    }

    public void add(String message) {
        errors.add(message);
    }

    /** @throws IllegalArgumentException listing every error found, if any */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + " (" + errors.size() + " error(s)): "
                    + String.join("; ", errors));
        }
    }
}
