package dev.carbonledger.collectors.config;

import java.util.List;

/** Every problem found in a collector configuration, reported at once. */
public final class CollectorConfigException extends IllegalArgumentException {
    private final List<String> errors;

    public CollectorConfigException(List<String> errors) {
        super("Invalid collector configuration (" + errors.size() + " error(s)):\n  - " + String.join("\n  - ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
