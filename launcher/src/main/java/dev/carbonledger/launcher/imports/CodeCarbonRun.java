package dev.carbonledger.launcher.imports;

import java.time.Instant;
import java.util.List;

/**
 * One CodeCarbon run (its {@code run_id}): the readings of its {@code emissions.csv} rows in time order, each
 * cumulative since the run started, and CodeCarbon's own estimate.
 */
record CodeCarbonRun(String runId, String project, Instant start, List<Reading> readings, String country,
        String region) {

    /** One row: at {@code at}, energy since the run's start per component (joules), and CodeCarbon's kg CO2e. */
    record Reading(Instant at, double cpuJoules, double gpuJoules, double ramJoules, double totalJoules,
            double emissionsKg) {}

    Reading last() {
        return readings.get(readings.size() - 1);
    }

    Instant end() {
        return last().at();
    }

    double kilowattHours() {
        return last().totalJoules() / 3.6e6;
    }

    double codeCarbonGrams() {
        return last().emissionsKg() * 1000;
    }
}
