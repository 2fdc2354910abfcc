package dev.carbonledger.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyKind;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.launcher.CarbonLedger;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbon-ledger report} on a real broker and registry: records written with the project's Avro serde straight
 * to the topics, the report run through the CLI, and every number of report.json and the CSV files compared with a
 * reference worked out here, plainly, without the report's classes.
 */
@WithKafkaBroker
class ReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPSILON = 1e-9;
    private static final double DEFAULT_INTENSITY = 475;
    private static final String JOB_LABEL = "carbon-ledger.dev/job-id";
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Map<Class<?>, ConfluentAvroSerde<?>> SERDES = new ConcurrentHashMap<>();

    private static EmbeddedSchemaRegistry registry;
    private static RestSchemaRegistryClient client;

    private final KafkaTestBroker kafka;
    private final List<Intensity> intensities = new ArrayList<>();
    private final List<Piece> jobPieces = new ArrayList<>();
    private TopicNames topics;

    ReportIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    /** An intensity record as written, for the reference. */
    private record Intensity(String zone, long from, double value, boolean average) {}

    /** A ledger piece of the job train-42, for the reference. */
    private record Piece(long start, long end, double joules, double pue, String zone) {}

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()).start();
        client = RestSchemaRegistryClient.of(registry.url());
    }

    @AfterAll
    static void stopRegistry() {
        client.close();
        registry.close();
    }

    private static Instant t(String time) {
        return Instant.parse(time);
    }

    private static long ms(String time) {
        return t(time).toEpochMilli();
    }

    @Test
    void shouldReportEveryNumberAsTheReferenceWorksItOut(@TempDir Path dir) throws Exception {
        // Given the pipeline's topics for 2025-06-02 (a Monday)
        writeScenario();
        Path out = dir.resolve("report");

        // When
        Run run = report("--from", "2025-06-02", "--to", "2025-06-02", "--output", out.toString());

        // Then
        assertThat(run.exit).as(run.err).isZero();
        JsonNode json = JSON.readTree(Files.readString(out.resolve("report.json")));
        assertThat(json.at("/range/from").asText()).isEqualTo("2025-06-02T00:00:00Z");
        assertThat(json.at("/range/to").asText()).isEqualTo("2025-06-03T00:00:00Z");

        // Teams: the latest value of each hourly window in the range, plus the late pieces in it
        double researchGrams = 120 + 50 + 5 + 2.5;
        double researchJoules = 1200 + 500 + 50 + 25;
        Map<String, double[]> teams = new TreeMap<>();
        // team -> emissions, energy, budget periods, used fraction (NaN: none), exhausted periods
        teams.put("ops", new double[] {0, 0, 1, 10.0 / 1000, 0});
        teams.put("platform", new double[] {30, 300, 1, 30.0 / 100, 0});
        teams.put("research", new double[] {researchGrams, researchJoules, 1, 130.0 / 120, 1});
        assertTeams(json, out, teams);

        // Budgets: the latest status of each period overlapping the range
        List<Object[]> budgets = List.of(
                new Object[] {"ops", "WEEK", "SOFT", "2025-06-02T00:00:00Z", "2025-06-09T00:00:00Z", 1000.0, 10.0, 0.01, false},
                new Object[] {"platform", "DAY", "SOFT", "2025-06-02T00:00:00Z", "2025-06-03T00:00:00Z", 100.0, 30.0, 0.3, false},
                new Object[] {"research", "DAY", "HARD", "2025-06-02T00:00:00Z", "2025-06-03T00:00:00Z", 120.0, 130.0, 130.0 / 120, true});
        assertBudgets(json, out, budgets);

        // Jobs: train-42 waited 90 minutes; idle-7 has a labelled pod but no energy; denied-3 was refused
        double asRun = 150 + 225 + 112.5;
        double counterfactual = referenceCounterfactual(ms("2025-06-02T10:00:00Z") - ms("2025-06-02T08:30:00Z"));
        assertThat(counterfactual).as("the reference itself, by hand: 387.5 + 175 + 175 + 271.875")
                .isCloseTo(1009.375, within(1e-6));
        JsonNode jobs = json.get("jobs");
        assertThat(jobs).hasSize(3);
        JsonNode train = jobs.get(0);
        assertThat(train.get("jobId").asText()).isEqualTo("train-42");
        assertThat(train.get("team").asText()).isEqualTo("research");
        assertThat(train.get("zone").asText()).isEqualTo("DE");
        assertThat(train.get("decision").asText()).isEqualTo("RUN_AT");
        assertThat(train.get("submittedAt").asText()).isEqualTo("2025-06-02T08:30:00Z");
        assertThat(train.get("actualStart").asText()).isEqualTo("2025-06-02T10:00:00Z");
        assertThat(train.get("actualEnd").asText()).isEqualTo("2025-06-02T11:20:00Z");
        assertThat(train.get("waitedSeconds").asDouble()).isEqualTo(5400);
        assertThat(train.get("podsLabelled").asInt()).isEqualTo(2);
        assertThat(train.get("ledgerEntries").asInt()).isEqualTo(3);
        assertThat(train.get("energyJoules").asDouble()).isCloseTo(2.4e6 + 2.4e6 + 1.8e6, within(1e-6));
        assertThat(train.get("asRunGrams").asDouble()).isCloseTo(asRun, within(EPSILON));
        assertThat(train.get("ifStartedAtSubmissionGrams").asDouble()).isCloseTo(counterfactual, within(1e-6));
        assertThat(train.get("savingGrams").asDouble()).isCloseTo(counterfactual - asRun, within(1e-6));
        assertThat(train.get("savingFraction").asDouble()).isCloseTo((counterfactual - asRun) / counterfactual, within(1e-9));
        assertThat(train.get("chart").asText()).isEqualTo("job-train-42.svg");

        JsonNode idle = jobs.get(1);
        assertThat(idle.get("jobId").asText()).isEqualTo("idle-7");
        assertThat(idle.get("team").asText()).isEqualTo("platform");
        assertThat(idle.get("asRunGrams").isNull()).isTrue();
        assertThat(idle.get("ifStartedAtSubmissionGrams").isNull()).isTrue();
        assertThat(idle.get("note").asText())
                .isEqualTo("no energy recorded for job idle-7 (pods labelled carbon-ledger.dev/job-id=idle-7: 1)");

        JsonNode denied = jobs.get(2);
        assertThat(denied.get("jobId").asText()).isEqualTo("denied-3");
        assertThat(denied.get("decision").asText()).isEqualTo("DENY");
        assertThat(denied.get("asRunGrams").asDouble()).isCloseTo(112.5, within(EPSILON));
        assertThat(denied.get("ifStartedAtSubmissionGrams").isNull()).isTrue();
        assertThat(denied.get("chart").isNull()).isTrue();

        assertThat(json.at("/summary/emissionsGrams").asDouble()).isCloseTo(researchGrams + 30, within(EPSILON));
        assertThat(json.at("/summary/energyJoules").asDouble()).isCloseTo(researchJoules + 300, within(EPSILON));
        assertThat(json.at("/summary/energyKwh").asDouble()).isCloseTo((researchJoules + 300) / 3.6e6, within(1e-15));
        assertThat(json.at("/summary/jobsShifted").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/savingGrams").asDouble()).isCloseTo(counterfactual - asRun, within(1e-6));

        List<Map<String, String>> jobsCsv = csv(out.resolve("jobs.csv"));
        assertThat(jobsCsv).extracting(r -> r.get("job_id")).containsExactly("train-42", "idle-7", "denied-3");
        Map<String, String> trainCsv = jobsCsv.get(0);
        assertThat(trainCsv.get("submitted_at")).isEqualTo("2025-06-02T08:30:00Z");
        assertThat(trainCsv.get("actual_start")).isEqualTo("2025-06-02T10:00:00Z");
        assertThat(Double.parseDouble(trainCsv.get("waited_seconds"))).isEqualTo(5400);
        assertThat(Double.parseDouble(trainCsv.get("energy_joules"))).isCloseTo(6.6e6, within(1e-6));
        assertThat(Double.parseDouble(trainCsv.get("as_run_grams"))).isCloseTo(asRun, within(EPSILON));
        assertThat(Double.parseDouble(trainCsv.get("if_started_at_submission_grams"))).isCloseTo(counterfactual, within(1e-6));
        assertThat(Double.parseDouble(trainCsv.get("saving_grams"))).isCloseTo(counterfactual - asRun, within(1e-6));
        assertThat(Double.parseDouble(trainCsv.get("saving_fraction")))
                .isCloseTo((counterfactual - asRun) / counterfactual, within(1e-9));
        assertThat(jobsCsv.get(1).get("as_run_grams")).isEmpty();
        assertThat(jobsCsv.get(2).get("if_started_at_submission_grams")).isEmpty();

        // The chart is there and well-formed, the Markdown embeds it, stdout names the summary and the files
        Path chart = out.resolve("job-train-42.svg");
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile())
                .getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(Files.readString(out.resolve("report.md"))).contains("](job-train-42.svg)");
        assertThat(run.out).contains("1 job shifted").contains("wrote " + out.resolve("report.md"))
                .contains("wrote " + chart).contains("no energy recorded for job idle-7");
        keepExample(out);
    }

    @Test
    void shouldLimitEverythingToOneTeam(@TempDir Path dir) throws Exception {
        writeScenario();
        Path out = dir.resolve("research");

        Run run = report("--from", "2025-06-02T00:00:00Z", "--to", "2025-06-03T00:00:00Z", "--team", "research",
                "--output", out.toString());

        assertThat(run.exit).as(run.err).isZero();
        JsonNode json = JSON.readTree(Files.readString(out.resolve("report.json")));
        assertThat(json.get("team").asText()).isEqualTo("research");
        assertThat(json.get("teams")).extracting(n -> n.get("team").asText()).containsExactly("research");
        assertThat(json.get("budgets")).extracting(n -> n.get("team").asText()).containsExactly("research");
        assertThat(json.get("jobs")).extracting(n -> n.get("jobId").asText()).containsExactly("train-42", "denied-3");
        assertThat(json.at("/summary/emissionsGrams").asDouble()).isCloseTo(177.5, within(EPSILON));
        assertThat(csv(out.resolve("teams.csv"))).extracting(r -> r.get("team")).containsExactly("research");
    }

    @Test
    void shouldFailWithAMessageWhenTheTopicsAreMissing(@TempDir Path dir) {
        Run run = report("--from", "2025-06-02", "--to", "2025-06-02", "--output", dir.toString(),
                "--topic-prefix", "nothing-here-" + RUNS.incrementAndGet());

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).contains("carbon-ledger report: failed: topic nothing-here-")
                .contains(".policy does not exist: is the pipeline running against this cluster?")
                .doesNotContain("\tat ");
    }

    private void assertTeams(JsonNode json, Path out, Map<String, double[]> expected) throws Exception {
        JsonNode teams = json.get("teams");
        assertThat(teams).extracting(n -> n.get("team").asText()).containsExactlyElementsOf(expected.keySet());
        List<Map<String, String>> rows = csv(out.resolve("teams.csv"));
        assertThat(rows).extracting(r -> r.get("team")).containsExactlyElementsOf(expected.keySet());
        int i = 0;
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            double[] v = e.getValue();
            JsonNode n = teams.get(i);
            Map<String, String> r = rows.get(i++);
            String team = e.getKey();
            assertThat(n.get("emissionsGrams").asDouble()).as(team).isCloseTo(v[0], within(EPSILON));
            assertThat(n.get("energyJoules").asDouble()).as(team).isCloseTo(v[1], within(EPSILON));
            assertThat(n.get("energyKwh").asDouble()).as(team).isCloseTo(v[1] / 3.6e6, within(1e-15));
            assertThat(n.at("/budget/periods").asInt()).as(team).isEqualTo((int) v[2]);
            assertThat(n.at("/budget/usedFraction").asDouble()).as(team).isCloseTo(v[3], within(EPSILON));
            assertThat(n.at("/budget/exhaustedPeriods").asInt()).as(team).isEqualTo((int) v[4]);
            assertThat(Double.parseDouble(r.get("emissions_grams"))).as(team).isCloseTo(v[0], within(EPSILON));
            assertThat(Double.parseDouble(r.get("energy_joules"))).as(team).isCloseTo(v[1], within(EPSILON));
            assertThat(Double.parseDouble(r.get("energy_kwh"))).as(team).isCloseTo(v[1] / 3.6e6, within(1e-15));
            assertThat(Integer.parseInt(r.get("budget_periods"))).as(team).isEqualTo((int) v[2]);
            assertThat(Double.parseDouble(r.get("budget_used_fraction"))).as(team).isCloseTo(v[3], within(EPSILON));
            assertThat(Integer.parseInt(r.get("exhausted_periods"))).as(team).isEqualTo((int) v[4]);
        }
    }

    private static void assertBudgets(JsonNode json, Path out, List<Object[]> expected) throws Exception {
        JsonNode budgets = json.get("budgets");
        List<Map<String, String>> rows = csv(out.resolve("budgets.csv"));
        assertThat(budgets).hasSize(expected.size());
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Object[] e = expected.get(i);
            JsonNode n = budgets.get(i);
            Map<String, String> r = rows.get(i);
            assertThat(List.of(n.get("team").asText(), n.get("period").asText(), n.get("tier").asText(),
                    n.get("periodStart").asText(), n.get("periodEnd").asText())).isEqualTo(List.of(e[0], e[1], e[2], e[3], e[4]));
            assertThat(List.of(r.get("team"), r.get("period"), r.get("tier"), r.get("period_start"), r.get("period_end")))
                    .isEqualTo(List.of(e[0], e[1], e[2], e[3], e[4]));
            assertThat(n.get("limitGrams").asDouble()).isCloseTo((double) e[5], within(EPSILON));
            assertThat(n.get("spentGrams").asDouble()).isCloseTo((double) e[6], within(EPSILON));
            assertThat(n.get("fraction").asDouble()).isCloseTo((double) e[7], within(EPSILON));
            assertThat(n.get("exhausted").asBoolean()).isEqualTo(e[8]);
            assertThat(Double.parseDouble(r.get("limit_grams"))).isCloseTo((double) e[5], within(EPSILON));
            assertThat(Double.parseDouble(r.get("spent_grams"))).isCloseTo((double) e[6], within(EPSILON));
            assertThat(Double.parseDouble(r.get("fraction"))).isCloseTo((double) e[7], within(EPSILON));
            assertThat(Boolean.parseBoolean(r.get("exhausted"))).isEqualTo(e[8]);
        }
    }

    // ---------------------------------------------------------------- the reference

    /** The intensity in effect: the average record of the zone with the greatest from <= t, the last written on a tie. */
    private double referenceIntensity(String zone, long t) {
        double value = DEFAULT_INTENSITY;
        long best = Long.MIN_VALUE;
        for (Intensity i : intensities) {
            if (i.zone.equals(zone) && i.average && i.from <= t && i.from >= best) {
                best = i.from;
                value = i.value;
            }
        }
        return value;
    }

    /** Every piece of train-42 moved back by {@code shift}, integrated second by second. */
    private double referenceCounterfactual(long shift) {
        double grams = 0;
        for (Piece p : jobPieces) {
            double joulesPerSecond = p.joules / ((p.end - p.start) / 1000.0);
            for (long s = p.start - shift; s < p.end - shift; s += 1000) {
                grams += joulesPerSecond / 3.6e6 * p.pue * referenceIntensity(p.zone, s);
            }
        }
        return grams;
    }

    // ---------------------------------------------------------------- the topics

    private void writeScenario() {
        topics = new TopicNames("report" + RUNS.incrementAndGet());
        // The records are from 2025: no time-based retention, so the broker never deletes them during the test.
        for (TopicSpec spec : topics.all(2)) {
            kafka.createTopic(spec.name(), spec.partitions(), Map.of("retention.ms", "-1",
                    "cleanup.policy", spec.compacted() ? "compact" : "delete"));
        }
        intensities.clear();
        jobPieces.clear();
        try (KafkaProducer<String, byte[]> producer = kafka.producer(new StringSerializer(), new ByteArraySerializer())) {
            // Intensity: a forecast superseded by the actual, steps at 09:00, 10:00, 11:00; marginal records ignored
            intensity(producer, "DE", "2025-06-02T08:00:00Z", 420, IntensitySignal.AVERAGE);
            intensity(producer, "DE", "2025-06-02T08:00:00Z", 400, IntensitySignal.AVERAGE);
            intensity(producer, "DE", "2025-06-02T09:00:00Z", 350, IntensitySignal.AVERAGE);
            intensity(producer, "DE", "2025-06-02T10:00:00Z", 150, IntensitySignal.AVERAGE);
            intensity(producer, "DE", "2025-06-02T11:00:00Z", 300, IntensitySignal.AVERAGE);
            intensity(producer, "DE", "2025-06-02T08:00:00Z", 900, IntensitySignal.MARGINAL);
            intensity(producer, "DE", "2025-06-02T09:30:00Z", 50, IntensitySignal.MARGINAL);
            intensity(producer, "DE", "2025-06-02T08:45:00Z", 5, IntensitySignal.MARGINAL);
            intensity(producer, "FR", "2025-06-02T00:00:00Z", 60, IntensitySignal.AVERAGE);

            // Pods: two of train-42 (pod-b deleted since: a tombstone), one unlabelled, one of idle-7, one of denied-3
            pod(producer, "pod-a", "research", "train-42");
            pod(producer, "pod-b", "research", "train-42");
            send(producer, topics.pods(), "pod-b", null, null);
            pod(producer, "pod-c", "research", null);
            pod(producer, "pod-e", "platform", "idle-7");
            pod(producer, "pod-f", "research", "denied-3");

            // Ledger (timestamps = interval end), PUE 1.5, DE; pod-a's second entry is cut at the 11:00 change
            ledger(producer, "pod-a", true, "2025-06-01T23:00:00Z", "2025-06-01T23:30:00Z", 1e6, 475); // before the range: not read
            ledger(producer, "pod-a", true, "2025-06-02T10:00:00Z", "2025-06-02T10:40:00Z", 2.4e6, 150);
            ledger(producer, "pod-a", true, "2025-06-02T10:40:00Z", "2025-06-02T11:00:00Z", 1.2e6, 150,
                    "2025-06-02T11:20:00Z", 1.2e6, 300);
            ledger(producer, "pod-b", true, "2025-06-02T10:20:00Z", "2025-06-02T11:00:00Z", 1.8e6, 150);
            ledger(producer, "pod-c", false, "2025-06-02T10:00:00Z", "2025-06-02T11:00:00Z", 3.6e6, 150);
            ledger(producer, "pod-f", false, "2025-06-02T12:00:00Z", "2025-06-02T12:30:00Z", 0.9e6, 300);

            // Decisions: three jobs in the range, one the day before, and a budget gate
            decision(producer, "train-42", PolicyVerdict.RUN_AT, "2025-06-02T08:30:00Z", "2025-06-02T10:00:00Z", "research");
            decision(producer, "idle-7", PolicyVerdict.RUN_AT, "2025-06-02T09:00:00Z", "2025-06-02T13:00:00Z", "platform");
            decision(producer, "denied-3", PolicyVerdict.DENY, "2025-06-02T11:45:00Z", null, "research");
            decision(producer, "old-1", PolicyVerdict.RUN_AT, "2025-06-01T20:00:00Z", "2025-06-01T22:00:00Z", "research");
            send(producer, topics.policy(), "team:research", PolicyDecision.newBuilder().setSubject("team:research")
                    .setKind(PolicyKind.BUDGET_GATE).setDecision(PolicyVerdict.ALLOW).setReason("within budget")
                    .setValidFrom(t("2025-06-02T09:00:00Z")).setValidUntil(t("2025-06-02T10:00:00Z")).setTeam("research")
                    .build(), null);

            // Hourly windows: a running value superseded, windows just outside the range on both sides
            window(producer, "research", "2025-06-02T10:00:00Z", 1000, 100, false);
            window(producer, "research", "2025-06-02T11:00:00Z", 500, 50, true);
            window(producer, "platform", "2025-06-02T10:00:00Z", 300, 30, true);
            window(producer, "research", "2025-06-02T10:00:00Z", 1200, 120, true);
            window(producer, "research", "2025-06-01T23:00:00Z", 9990, 999, true);
            window(producer, "research", "2025-06-03T00:00:00Z", 7770, 777, true);

            // Late pieces: two in the range, one the day before
            late(producer, "research", "2025-06-02T10:05:00Z", 50, 5);
            late(producer, "research", "2025-06-02T10:06:00Z", 25, 2.5);
            late(producer, "platform", "2025-06-01T23:59:00Z", 30, 3);

            // Budget statuses: research's day updated (exhausted), its previous day, platform's day, ops's week
            status(producer, "research", BudgetPeriod.DAY, BudgetTier.HARD, "2025-06-02T00:00:00Z", "2025-06-03T00:00:00Z", 120, 100);
            status(producer, "research", BudgetPeriod.DAY, BudgetTier.HARD, "2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z", 120, 90);
            status(producer, "research", BudgetPeriod.DAY, BudgetTier.HARD, "2025-06-02T00:00:00Z", "2025-06-03T00:00:00Z", 120, 130);
            status(producer, "platform", BudgetPeriod.DAY, BudgetTier.SOFT, "2025-06-02T00:00:00Z", "2025-06-03T00:00:00Z", 100, 30);
            status(producer, "ops", BudgetPeriod.WEEK, BudgetTier.SOFT, "2025-06-02T00:00:00Z", "2025-06-09T00:00:00Z", 1000, 10);
            producer.flush();
        }
    }

    private void intensity(KafkaProducer<String, byte[]> p, String zone, String from, double value, IntensitySignal signal) {
        intensities.add(new Intensity(zone, ms(from), value, signal == IntensitySignal.AVERAGE));
        send(p, topics.intensity(), zone, IntensityRecord.newBuilder().setZone(zone).setFrom(t(from)).setGCo2ePerKwh(value)
                .setSignal(signal).setProvider("test").build(), null);
    }

    private void pod(KafkaProducer<String, byte[]> p, String uid, String team, String job) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "trainer");
        if (job != null) {
            labels.put(JOB_LABEL, job);
        }
        send(p, topics.pods(), uid, PodMetadata.newBuilder().setPodUid(uid).setNamespace("ml").setName("pod-" + uid)
                .setNode("node-1").setTeam(team).setModel("llm").setWorkloadClass("training").setLabels(labels).build(), null);
    }

    /** One entry of pieces (start, then end, joules, intensity per piece), in DE at PUE 1.5. */
    private void ledger(KafkaProducer<String, byte[]> p, String pod, boolean ofTrain42, String start, Object... pieces) {
        double pue = 1.5;
        List<LedgerPiece> list = new ArrayList<>();
        String pieceStart = start;
        double joules = 0;
        double grams = 0;
        for (int i = 0; i < pieces.length; i += 3) {
            String end = (String) pieces[i];
            double j = (double) pieces[i + 1];
            double intensity = ((Number) pieces[i + 2]).doubleValue();
            double g = j / 3.6e6 * pue * intensity;
            list.add(LedgerPiece.newBuilder().setStart(t(pieceStart)).setEnd(t(end))
                    .setWindowStart(t(pieceStart)).setEnergyJoules(j).setGCo2ePerKwh(intensity).setCo2eGrams(g).build());
            if (ofTrain42 && !t(start).isBefore(t("2025-06-02T00:00:00Z"))) {
                jobPieces.add(new Piece(ms(pieceStart), ms(end), j, pue, "DE"));
            }
            joules += j;
            grams += g;
            pieceStart = end;
        }
        LedgerEntry entry = LedgerEntry.newBuilder().setPodUid(pod).setComponent("package").setNode("node-1").setZone("DE")
                .setNamespace("ml").setTeam("research").setModel("llm").setIntervalStart(t(start)).setIntervalEnd(t(pieceStart))
                .setPue(pue).setEnergyJoules(joules).setCo2eGrams(grams).setPieces(list).build();
        send(p, topics.ledger(), pod, entry, ms(pieceStart));
    }

    private void decision(KafkaProducer<String, byte[]> p, String job, PolicyVerdict verdict, String submitted,
                          String recommended, String team) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("jobId", job);
        inputs.put("submittedAt", submitted);
        inputs.put("duration", "PT1H20M");
        inputs.put("deadline", "2025-06-02T20:00:00Z");
        inputs.put("maxDelay", "PT6H");
        inputs.put("bestStart", recommended == null ? "" : recommended);
        inputs.put("gate", verdict == PolicyVerdict.DENY ? "deny" : "allow");
        inputs.put("forecastGeneratedAt", "2025-06-02T08:00:00Z");
        send(p, topics.policy(), "job:" + job, PolicyDecision.newBuilder().setSubject("job:" + job)
                .setKind(PolicyKind.CARBON_WINDOW).setDecision(verdict).setReason("test decision")
                .setValidFrom(t(submitted)).setValidUntil(t(submitted).plusSeconds(6 * 3600)).setZone("DE")
                .setRecommendedStart(recommended == null ? null : t(recommended))
                .setExpectedGCo2ePerKwh(verdict == PolicyVerdict.RUN_AT ? 180.0 : null)
                .setNowGCo2ePerKwh(verdict == PolicyVerdict.RUN_AT ? 370.0 : null)
                .setExpectedSavingFraction(verdict == PolicyVerdict.RUN_AT ? 1 - 180.0 / 370 : null)
                .setTeam(team).setWorkloadClass("training").setInputs(inputs).build(), null);
    }

    private void window(KafkaProducer<String, byte[]> p, String team, String start, double joules, double grams, boolean fin) {
        send(p, topics.teamHourly(), team + "@" + ms(start), EmissionsWindow.newBuilder().setDimension("team").setGroup(team)
                .setWindowStart(t(start)).setWindowEnd(t(start).plusSeconds(3600)).setEnergyJoules(joules).setCo2eGrams(grams)
                .setPieces(3).setFinal$(fin).build(), null);
    }

    private void late(KafkaProducer<String, byte[]> p, String team, String windowStart, double joules, double grams) {
        send(p, topics.late(), team + "@" + ms(windowStart), LateEmission.newBuilder().setTeam(team).setModel("llm")
                .setWindowStart(t(windowStart)).setWindowEnd(t(windowStart).plusSeconds(60)).setEnergyJoules(joules)
                .setCo2eGrams(grams).setStreamTime(t(windowStart).plusSeconds(600)).build(), null);
    }

    private void status(KafkaProducer<String, byte[]> p, String team, BudgetPeriod period, BudgetTier tier, String start,
                        String end, double limit, double spent) {
        send(p, topics.budgetStatus(), team, BudgetStatus.newBuilder().setTeam(team).setPeriod(period).setTier(tier)
                .setPeriodStart(t(start)).setPeriodEnd(t(end)).setLimitGrams(limit).setSpentGrams(spent)
                .setRemainingGrams(limit - spent).setFraction(spent / limit).setBurnRate(1.0).setUpdatedAt(t(start).plusSeconds(3600))
                .build(), null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void send(KafkaProducer<String, byte[]> p, String topic, String key, SpecificRecord value, Long timestamp) {
        byte[] bytes = value == null ? null : ((ConfluentAvroSerde<SpecificRecord>) SERDES.computeIfAbsent(value.getClass(),
                type -> ConfluentAvroSerde.forValues(client, (Class) type))).serializer().serialize(topic, value);
        try {
            p.send(new ProducerRecord<>(topic, null, timestamp, key, bytes)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    // ---------------------------------------------------------------- running and reading

    private record Run(int exit, String out, String err) {}

    private Run report(String... args) {
        List<String> all = new ArrayList<>(List.of("report"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--timeout", "60s"));
        if (topics != null && !all.contains("--topic-prefix")) {
            all.addAll(List.of("--topic-prefix", topics.prefix()));
        }
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = CarbonLedger.execute(Map.of(), all.toArray(String[]::new));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            stdout.print(out.toString(StandardCharsets.UTF_8));
            stderr.print(err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Rows of a CSV file (RFC 4180) as header → cell maps. */
    private static List<Map<String, String>> csv(Path file) throws Exception {
        String text = Files.readString(file);
        List<List<String>> records = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                row.add(cell.toString());
                cell.setLength(0);
                records.add(row);
                row = new ArrayList<>();
                i++; // \n
            } else {
                cell.append(c);
            }
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            assertThat(r).as("cells of " + r).hasSameSizeAs(header);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), r.get(i));
            }
            rows.add(m);
        }
        return rows;
    }

    /** Keeps the report where a person can look at it after the build (target/report-example/). */
    private static void keepExample(Path report) throws Exception {
        Path kept = Files.createDirectories(Path.of("target", "report-example"));
        try (var files = Files.list(report)) {
            for (Path f : files.toList()) {
                Files.copy(f, kept.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
