package dev.carbonledger.launcher.chaos;

import java.time.Duration;
import java.time.Instant;

/** One injected fault: what, when, how long until the pipeline worked again, and what was seen meanwhile. */
final class Fault {
    private final String description;
    private final Instant injectedAt = Instant.now();
    private Duration recovery;
    private String note = "";

    Fault(String description) {
        this.description = description;
    }

    void recovered(Duration after) {
        this.recovery = after;
    }

    void note(String text) {
        this.note = text;
    }

    String description() {
        return description;
    }

    Instant injectedAt() {
        return injectedAt;
    }

    /** Null until {@link #recovered} was called. */
    Duration recovery() {
        return recovery;
    }

    String note() {
        return note;
    }
}
