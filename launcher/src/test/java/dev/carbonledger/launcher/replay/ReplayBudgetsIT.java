package dev.carbonledger.launcher.replay;

import static dev.carbonledger.launcher.replay.ReplayTestFiles.read;
import static dev.carbonledger.launcher.replay.ReplayTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.launcher.CarbonLedger;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay with {@code budgets.jsonl} (DESIGN section 5) against a reference computed here, independently of the
 * pipeline: the team's emissions per UTC day and per ISO week from the samples by rules 1-4 and 7 (constant intensity
 * per zone, so an interval's grams are shared out by time), then the statuses and crossed thresholds.
 */
@WithKafkaBroker
class ReplayBudgetsIT {
    private static final long DAY = 86_400_000L;
    /** Saturday: the run crosses two midnights and the Monday 2024-03-04 that starts an ISO week. */
    private static final Instant T0 = Instant.parse("2024-03-02T20:00:00Z");
    private static final Map<String, Double> ZONE_INTENSITY = Map.of("A", 300.0, "B", 520.0);
    private static final Map<String, String> NODE_ZONE = Map.of("n0", "A", "n1", "B");
    private static final Map<String, Double> NODE_PUE = Map.of("n0", 1.2, "n1", 1.5);

    private final KafkaTestBroker kafka;

    ReplayBudgetsIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldWriteBudgetStatusAndAlertsAsAnIndependentReferenceComputesThem(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        // Given three teams over two and a half days; a's budget is given twice (the later line wins), c has none.
        Map<String, TreeMap<Long, Double>> gramsPerDay = fleet(in, new Random(11));
        write(in.resolve("budgets.jsonl"),
                "{\"team\":\"team-a\",\"period\":\"day\",\"limitGrams\":1}",
                "{\"team\":\"team-b\",\"period\":\"week\",\"limitGrams\":2000,\"tier\":\"hard\",\"thresholds\":[0.25,0.5,0.75,1.0,1.5]}",
                "{\"team\":\"team-a\",\"period\":\"day\",\"limitGrams\":2000,\"tier\":\"soft\"}",
                "{\"team\":\"team-x\",\"period\":\"fortnight\",\"limitGrams\":5}",
                "{\"team\":\"team-y\",\"period\":\"day\",\"limitGrams\":-5}");
        Path out = dir.resolve("out");

        // When
        int exit = CarbonLedger.execute(Map.of(), "replay", "--input", in.toString(), "--output", out.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--partitions", "4", "--threads", "2", "--timeout", "5m");

        // Then
        assertThat(exit).isZero();
        List<String[]> expectedStatus = new ArrayList<>();
        List<String> expectedAlerts = new ArrayList<>();
        Map<String, Double> expectedSpent = new TreeMap<>();
        reference("team-a", gramsPerDay.get("team-a"), false, 2000, List.of(0.5, 0.8, 1.0), expectedStatus, expectedAlerts, expectedSpent);
        reference("team-b", gramsPerDay.get("team-b"), true, 2000, List.of(0.25, 0.5, 0.75, 1.0, 1.5), expectedStatus, expectedAlerts, expectedSpent);
        long possible = expectedStatus.stream().mapToLong(st -> st[0].equals("team-a") ? 3 : 5).sum();
        assertThat(expectedAlerts).as("the scenario crosses some thresholds and not others").isNotEmpty()
                .hasSizeLessThan((int) possible);

        List<JsonNode> status = read(out.resolve("budget_status.jsonl"));
        assertThat(status).hasSize(expectedStatus.size());
        for (int i = 0; i < status.size(); i++) {
            JsonNode row = status.get(i);
            String[] e = expectedStatus.get(i);
            assertThat(row.get("team").asText()).isEqualTo(e[0]);
            assertThat(row.get("periodStart").asText()).isEqualTo(e[1]);
            assertThat(row.get("periodEnd").asText()).isEqualTo(e[2]);
            double spent = expectedSpent.get(e[0] + "@" + e[1]);
            assertThat(row.get("spentGrams").asDouble()).as("%s %s", e[0], e[1]).isCloseTo(spent, within(1e-9 * spent));
            assertThat(row.get("limitGrams").asDouble()).isEqualTo(Double.parseDouble(e[3]));
            assertThat(row.get("fraction").asDouble()).isCloseTo(spent / Double.parseDouble(e[3]), within(1e-9));
        }
        assertThat(read(out.resolve("budget_alerts.jsonl"))).extracting(n -> n.get("team").asText() + "@"
                + n.get("periodStart").asText() + "@" + n.get("threshold").asDouble()).containsExactlyElementsOf(expectedAlerts);
        // and the contract's definition holds against the run's own windows: spent = Σ windows starting in the period
        Map<String, Double> fromWindows = new TreeMap<>();
        for (JsonNode w : read(out.resolve("team_windows.jsonl"))) {
            long start = Instant.parse(w.get("windowStart").asText()).toEpochMilli();
            String team = w.get("team").asText();
            if (team.equals("team-a")) {
                fromWindows.merge(team + "@" + Instant.ofEpochMilli(Math.floorDiv(start, DAY) * DAY), w.get("co2eGrams").asDouble(), Double::sum);
            }
        }
        fromWindows.forEach((k, v) -> assertThat(expectedSpent.get(k)).as(k).isCloseTo(v, within(1e-9 * v)));
    }

    /** Statuses and crossings of one team, periods of a day (or an ISO week when {@code weekly}), in order. */
    private static void reference(String team, TreeMap<Long, Double> days, boolean weekly, double limit, List<Double> thresholds,
                                  List<String[]> status, List<String> alerts, Map<String, Double> spent) {
        TreeMap<Long, Double> periods = new TreeMap<>();
        days.forEach((day, grams) -> {
            LocalDate date = LocalDate.ofEpochDay(day / DAY);
            LocalDate start = weekly ? date.with(DayOfWeek.MONDAY) : date;
            periods.merge(start.toEpochDay() * DAY, grams, Double::sum);
        });
        periods.forEach((start, grams) -> {
            LocalDate s = LocalDate.ofEpochDay(start / DAY);
            LocalDate end = weekly ? s.plusWeeks(1) : s.plusDays(1);
            String from = Instant.ofEpochMilli(start).toString();
            status.add(new String[] {team, from, end.atStartOfDay().toInstant(ZoneOffset.UTC).toString(), Double.toString(limit)});
            spent.put(team + "@" + from, grams);
            for (double t : thresholds) {
                if (grams >= t * limit) {
                    alerts.add(team + "@" + from + "@" + t);
                }
            }
        });
    }

    /**
     * Writes samples (every 10 min per series, with resets), pods, nodes and constant intensity, and returns each team's
     * grams per UTC day (day start in epoch millis) by the rules: interval energy spread uniformly over (t0, t1], a
     * piece belonging to the day of the window it starts in.
     */
    private static Map<String, TreeMap<Long, Double>> fleet(Path in, Random random) throws IOException {
        List<String> samples = new ArrayList<>();
        List<String> pods = new ArrayList<>();
        Map<String, TreeMap<Long, Double>> perTeam = new TreeMap<>();
        String[] teams = {"team-a", "team-b", "team-c"};
        for (int p = 0; p < 9; p++) {
            String pod = "pod-" + p;
            String team = teams[p % 3];
            String node = "n" + (p % 2);
            pods.add("{\"pod\":\"" + pod + "\",\"namespace\":\"ns\",\"name\":\"" + pod + "\",\"team\":\"" + team + "\"}");
            double gramsPerJoule = 1 / 3.6e6 * NODE_PUE.get(node) * ZONE_INTENSITY.get(NODE_ZONE.get(node));
            long ts = T0.toEpochMilli() + random.nextInt(60_000);
            double counter = 0;
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < 360; i++) {
                double next = random.nextInt(40) == 0 ? random.nextDouble() * 1_000 : counter + 20_000 + random.nextDouble() * 40_000;
                samples.add("{\"ts\":" + ts + ",\"node\":\"" + node + "\",\"pod\":\"" + pod + "\",\"component\":\"package\",\"joules\":" + next + "}");
                if (previous != Long.MIN_VALUE) {
                    double energy = next >= counter ? next - counter : next;
                    spread(perTeam.computeIfAbsent(team, t -> new TreeMap<>()), previous, ts, energy * gramsPerJoule);
                }
                previous = ts;
                counter = next;
                ts += 600_000;
            }
        }
        write(in.resolve("samples.jsonl"), samples.toArray(String[]::new));
        write(in.resolve("pods.jsonl"), pods.toArray(String[]::new));
        write(in.resolve("nodes.jsonl"), "{\"node\":\"n0\",\"zone\":\"A\",\"pue\":1.2}", "{\"node\":\"n1\",\"zone\":\"B\",\"pue\":1.5}");
        write(in.resolve("intensity.jsonl"), "{\"zone\":\"A\",\"from\":\"2024-01-01T00:00:00Z\",\"gCo2ePerKwh\":300}",
                "{\"zone\":\"B\",\"from\":\"2024-01-01T00:00:00Z\",\"gCo2ePerKwh\":520}");
        return perTeam;
    }

    private static void spread(TreeMap<Long, Double> days, long t0, long t1, double grams) {
        long a = t0;
        while (a < t1) {
            long day = Math.floorDiv(a, DAY) * DAY;
            long b = Math.min(t1, day + DAY);
            days.merge(day, grams * (b - a) / (t1 - t0), Double::sum);
            a = b;
        }
    }
}
