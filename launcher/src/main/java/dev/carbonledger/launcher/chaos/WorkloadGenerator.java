package dev.carbonledger.launcher.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A recorded workload in replay's input format (DESIGN section 5), the same for every seed: a fleet of pods on nodes
 * in three grid zones with hourly intensity steps, cumulative counters sampled every {@code interval} with the
 * irregularities the accounting rules handle (counter resets, duplicates, a sample out of order), day budgets
 * tight enough to cross thresholds, and the pods the harness's own collector reports (team {@value #COLLECTOR_TEAM}).
 * The harness starts it a few hours before now: the collector's readings are stamped with the wall clock, and budget
 * spend more than a month older than the newest is too old to count, so both must share one timeline.
 */
final class WorkloadGenerator {
    static final String COLLECTOR_TEAM = "chaos-collector";
    static final String COLLECTOR_NODE = "chaos-node";
    private static final String[] ZONES = {"DE", "FR", "PL"};
    private static final int TEAMS = 6;
    private static final int MODELS = 4;

    private WorkloadGenerator() {}

    /** Writes pods, nodes, intensity, budgets and samples; returns the number of samples written. */
    static long write(Path dir, Instant start, int pods, int hours, int intervalSeconds, List<String> collectorPods,
            long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        int nodes = Math.max(3, pods / 8);
        try (BufferedWriter out = writer(dir.resolve("nodes.jsonl"))) {
            for (int n = 0; n < nodes; n++) {
                line(out, String.format(Locale.ROOT, "{\"node\":\"node-%d\",\"zone\":\"%s\",\"pue\":%.2f}", n,
                        ZONES[n % ZONES.length], 1.1 + 0.1 * (n % 4)));
            }
        }
        try (BufferedWriter out = writer(dir.resolve("intensity.jsonl"))) {
            for (int z = 0; z < ZONES.length; z++) {
                for (int h = 0; h <= hours; h++) {
                    double value = 120 + 250 * z + 90 * Math.sin(h / 3.0 + z) + random.nextInt(40);
                    line(out, String.format(Locale.ROOT, "{\"zone\":\"%s\",\"from\":\"%s\",\"gCo2ePerKwh\":%.1f}",
                            ZONES[z], start.plusSeconds(3600L * h), value));
                }
            }
        }
        try (BufferedWriter out = writer(dir.resolve("pods.jsonl"))) {
            for (int p = 0; p < pods; p++) {
                String model = p % 5 == 4 ? "" : ",\"model\":\"model-" + (p % MODELS) + "\"";
                line(out, "{\"pod\":\"" + podUid(p) + "\",\"namespace\":\"ns-" + (p % 3) + "\",\"name\":\"worker-" + p
                        + "\",\"team\":\"team-" + (p % TEAMS) + "\"" + model + "}");
            }
            for (String uid : collectorPods) {
                line(out, "{\"pod\":\"" + uid + "\",\"namespace\":\"chaos\",\"name\":\"" + uid + "\",\"team\":\""
                        + COLLECTOR_TEAM + "\",\"model\":\"" + COLLECTOR_TEAM + "\"}");
            }
        }
        // A pod uses ~50-250 W: a team of pods/6 burns grams per hour; a day budget of a few hours' worth is crossed.
        try (BufferedWriter out = writer(dir.resolve("budgets.jsonl"))) {
            for (int t = 0; t < TEAMS; t++) {
                double gramsPerHour = Math.max(1, pods / TEAMS) * 150.0 / 1000 * 400 * 1.2;
                line(out, String.format(Locale.ROOT, "{\"team\":\"team-%d\",\"period\":\"day\",\"limitGrams\":%.1f,"
                        + "\"tier\":\"%s\"}", t, gramsPerHour * hours * (0.4 + 0.3 * t), t % 2 == 0 ? "hard" : "soft"));
            }
        }
        long written = 0;
        int steps = hours * 3600 / intervalSeconds;
        List<double[]> counters = new ArrayList<>();
        for (int p = 0; p < pods; p++) {
            counters.add(new double[] {random.nextInt(1_000_000), 50 + random.nextInt(200)});
        }
        try (BufferedWriter out = writer(dir.resolve("samples.jsonl"))) {
            // Time-major: a recorded fleet interleaves its series, so every partition advances together.
            for (int s = 0; s <= steps; s++) {
                for (int p = 0; p < pods; p++) {
                    double[] c = counters.get(p);
                    long ts = start.toEpochMilli() + (long) s * intervalSeconds * 1000 + (p * 137L) % 1000;
                    if (s > 0) {
                        double watts = c[1] * (0.6 + 0.8 * random.nextDouble());
                        c[0] = random.nextInt(997) == 0 ? watts * 3 : c[0] + watts * intervalSeconds;
                    }
                    String sample = sample(ts, p, c[0], nodes);
                    line(out, sample);
                    written++;
                    if (random.nextInt(499) == 0) {
                        line(out, sample);   // a duplicate: ignored by rule 1
                        written++;
                    }
                    if (s > 1 && random.nextInt(733) == 0) {
                        line(out, sample(ts - 2000L * intervalSeconds, p, c[0] / 2, nodes));   // out of order: ignored
                        written++;
                    }
                }
            }
        }
        return written;
    }

    static String podUid(int p) {
        return String.format(Locale.ROOT, "5f3c%04x-0000-4000-8000-%012d", p, p);
    }

    private static String sample(long ts, int pod, double joules, int nodes) {
        return String.format(Locale.ROOT, "{\"ts\":%d,\"node\":\"node-%d\",\"pod\":\"%s\",\"component\":\"package\","
                + "\"joules\":%.3f}", ts, pod % nodes, podUid(pod), joules);
    }

    private static BufferedWriter writer(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static void line(BufferedWriter out, String line) throws IOException {
        out.write(line);
        out.write('\n');
    }
}
