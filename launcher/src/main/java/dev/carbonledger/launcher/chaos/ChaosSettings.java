package dev.carbonledger.launcher.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param form            short (CI) or long (by hand): the defaults of the others
 * @param input           a replay input directory, or null to generate the workload
 * @param pods            pods of the generated workload
 * @param hours           hours of recorded telemetry generated
 * @param intervalSeconds seconds between two samples of a series
 * @param streamsKills    kill -9 of a streams instance, alternating between the two
 * @param outage          how long the schema registry stays away, each time
 * @param cutOff          how long the collector is cut off from Kafka
 * @param timeLimit       the whole run is bounded by this
 * @param workDir         logs, broker data, state directories and both runs' results
 */
record ChaosSettings(Form form, Path input, int pods, int hours, int intervalSeconds, int streamsKills, Duration outage,
                     Duration cutOff, Duration timeLimit, Path workDir) {
    enum Form { SHORT, LONG }
}
