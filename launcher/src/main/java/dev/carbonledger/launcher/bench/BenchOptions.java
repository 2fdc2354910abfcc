package dev.carbonledger.launcher.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the accounting benchmark runs.
 *
 * @param pods             simulated pods
 * @param componentsPerPod energy components per pod (series = pods x components)
 * @param warmupRounds     samples per series produced before the measured rounds: raw consumer and topology process
 *                         them first, untimed, so that both are measured warm (JIT-compiled), as in steady operation
 * @param rounds           samples per series in the measured throughput phase (one every {@code samplingInterval})
 * @param samplingInterval event-time distance between two samples of a series (5 s like Kepler)
 * @param resetRate        probability that a sample's counter restarted from zero
 * @param duplicateRate    probability that a sample is delivered twice
 * @param partitions       partitions of the samples topic (and of every other topic)
 * @param threads          stream threads of the accounting app
 * @param commitInterval   commit interval (exactly-once v2)
 * @param latencyPhase     length of the steady-load phase at half the measured maximum
 * @param bootstrapServers an existing broker, or null to start one in {@code workDir}
 * @param brokerInProcess  start that broker inside the bench's JVM instead of as a child JVM on the same machine
 * @param workDir          broker data and streams state
 * @param teams            teams the pods belong to (a tenth of the pods have none)
 * @param budgets          whether every team gets a carbon budget (daily; even teams hard and small, odd ones soft)
 */
public record BenchOptions(int pods, int componentsPerPod, int warmupRounds, int rounds, Duration samplingInterval, double resetRate,
                           double duplicateRate, int partitions, int threads, Duration commitInterval,
                           Duration latencyPhase, String bootstrapServers, boolean brokerInProcess,
                           Path workDir, int teams, boolean budgets) {

    /**
     * 20,000 pods x 5 components = 100k series of 20 teams with budgets, 50 warm-up + 20 measured rounds; 4
     * partitions, 2 threads, 250 ms commits.
     */
    public static BenchOptions defaults(Path workDir) {
        return new BenchOptions(20_000, 5, 50, 20, Duration.ofSeconds(5), 0.001, 0.001, 4, 2, Duration.ofMillis(250),
                Duration.ofSeconds(20), null, false, workDir, 20, true);
    }

    public long series() {
        return (long) pods * componentsPerPod;
    }

    /** @throws IllegalArgumentException listing every invalid setting */
    public BenchOptions validate() {
        List<String> errors = new ArrayList<>();
        if (pods < 1) errors.add("pods must be >= 1");
        if (componentsPerPod < 1 || componentsPerPod > 7) errors.add("componentsPerPod must be in 1..7");
        if (warmupRounds < 0) errors.add("warmupRounds must be >= 0");
        if (rounds < 1 || warmupRounds + rounds < 2) {
            errors.add("rounds must be >= 1, and warm-up + measured rounds >= 2 (a series' first sample is only a baseline)");
        }
        if (samplingInterval == null || samplingInterval.toMillis() < 1) errors.add("samplingInterval must be >= 1 ms");
        if (resetRate < 0 || resetRate > 1) errors.add("resetRate must be in [0, 1]");
        if (duplicateRate < 0 || duplicateRate > 1) errors.add("duplicateRate must be in [0, 1]");
        if (partitions < 1) errors.add("partitions must be >= 1");
        if (threads < 1) errors.add("threads must be >= 1");
        if (commitInterval == null || commitInterval.toMillis() < 1) errors.add("commitInterval must be >= 1 ms");
        if (latencyPhase == null || latencyPhase.toSeconds() < 5) errors.add("latencyPhase must be >= 5 s");
        if (workDir == null) errors.add("workDir is required");
        if (teams < 1) errors.add("teams must be >= 1");
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid bench options: " + String.join("; ", errors));
        }
        return this;
    }
}
