package dev.carbonledger.launcher.replay;

import java.time.Duration;

/** What a replay did, for the closing log line and the exit code. */
public record ReplaySummary(long samples, long pods, long nodes, long intensity, long malformedLines,
        long teamRows, long modelRows, double teamJoules, double teamGrams, Duration elapsed) {

    /** Malformed input is reported, not a failure: a replay that finished exits 0. */
    public int exitCode() {
        return 0;
    }
}
