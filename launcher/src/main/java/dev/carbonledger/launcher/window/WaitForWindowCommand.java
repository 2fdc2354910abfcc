package dev.carbonledger.launcher.window;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyKind;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carbon-ledger wait-for-window}: a pipeline step (Airflow, Kubeflow, Argo, CI) that waits for a greener time to
 * start a job. It asks the budget gate (exit 3 on deny), then the carbon-aware window for the job in its zone, sleeps
 * until the recommended start or the maximum delay, whichever comes first, and exits 0: go. It prints what it decided
 * with the expected intensity now and at the start, and records the decision on the policy topic as {@code job:<id>},
 * which the savings report reads.
 */
@Command(name = "wait-for-window", mixinStandardHelpOptions = true,
        description = {"Waits for the greenest time to start a job, as a pipeline step: asks the budget gate (exit 3 on deny),",
                "then the policy server for the best start before the deadline, sleeps until it or the maximum delay,",
                "whichever comes first, and exits 0 (go). Records the decision on the policy topic as job:<id>."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:go (now, or after waiting)", "1:failed (policy server unreachable with --on-unavailable fail)",
                "2:bad usage", "3:denied by the budget gate"})
public final class WaitForWindowCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(WaitForWindowCommand.class);
    public static final int DENIED = 3;
    private static final Duration PROGRESS_EVERY = Duration.ofMinutes(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--zone", required = true, description = "Grid zone the job runs in (a zone the forecasts cover)")
    String zone;

    @Option(names = "--duration", required = true, converter = DurationConverter.class,
            description = "How long the job runs, e.g. 45m, 4h")
    Duration duration;

    @Option(names = "--deadline", required = true, paramLabel = "RFC3339",
            description = "When the job must be finished, e.g. 2026-12-01T06:00:00Z")
    String deadline;

    @Option(names = "--max-delay", defaultValue = "0s", converter = DurationConverter.class,
            description = "Start at the latest this long from now, in the cleanest option before it (default: ${DEFAULT-VALUE}: run now)")
    Duration maxDelay;

    @Option(names = "--team", description = "Team of the job: the budget gate is asked when given")
    String team;

    @Option(names = "--class", description = "Workload class of the job (critical work is not deferred by a soft budget)")
    String workloadClass;

    @Option(names = "--job-id", description = "Id the decision is recorded under (job:<id>); pods of the job should carry the "
            + "label carbon-ledger.dev/job-id=<id> (default: a new id, printed)")
    String jobId;

    @Option(names = "--policy-url", defaultValue = "http://127.0.0.1:8090", description = "Policy server (default: ${DEFAULT-VALUE})")
    URI policyUrl;

    @Option(names = "--policy-token-file", paramLabel = "FILE", description = "File holding the policy server's bearer token")
    Path policyTokenFile;

    @Option(names = "--on-unavailable", defaultValue = "run", description = "When the policy server cannot be asked: run (go now, "
            + "with a warning) or fail (exit 1) (default: ${DEFAULT-VALUE})")
    String onUnavailable;

    @Option(names = "--dry-run", description = "Decide and print, but neither sleep nor record")
    boolean dryRun;

    @Option(names = "--no-record", description = "Do not record the decision on the policy topic")
    boolean noRecord;

    @Mixin
    KafkaOptions kafka;

    /** The clock and the sleeper, replaceable in tests. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        Instant now = clock.instant();
        Instant due = validate(now);
        String id = jobId != null ? jobId : "job-" + UUID.randomUUID().toString().substring(0, 8);
        PrintWriter out = spec.commandLine().getOut();
        PolicyClient policy = new PolicyClient(policyUrl, token(), Duration.ofSeconds(10));
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("jobId", id);
        inputs.put("submittedAt", now.toString());
        inputs.put("duration", duration.toString());
        inputs.put("deadline", due.toString());
        inputs.put("maxDelay", maxDelay.toString());

        String gate = "allow";
        String gateReason = "no team given: the budget gate was not asked";
        try {
            if (team != null) {
                JsonNode g = policy.gate(team, workloadClass);
                gate = g.path("decision").asText("allow");
                gateReason = g.path("reason").asText("");
            }
            inputs.put("gate", gate);
            if (gate.equals("deny")) {
                out.printf("DENY job %s: %s%n", id, gateReason);
                out.flush();
                record(denied(id, now, gateReason, inputs));
                return DENIED;
            }
            JsonNode w = policy.window(zone, duration, due.toString(), maxDelay);
            return decide(out, id, now, due, gate, gateReason, w, inputs);
        } catch (IOException e) {
            if (onUnavailable.equalsIgnoreCase("fail")) {
                throw new IllegalStateException(e.getMessage() + " (--on-unavailable fail)", e);
            }
            out.printf("GO job %s now: the policy server cannot be asked (%s); running without waiting "
                    + "(--on-unavailable run)%n", id, e.getMessage());
            out.flush();
            return 0;
        }
    }

    private int decide(PrintWriter out, String id, Instant now, Instant due, String gate, String gateReason, JsonNode w,
                       Map<String, String> inputs) throws InterruptedException {
        Instant start = Instant.parse(w.path("recommendedStart").asText(now.toString()));
        if (gate.equals("defer")) {
            // A deferred job waits its whole maximum delay (still finishing by the deadline), then runs.
            Instant latest = due.minus(duration);
            Instant deferred = now.plus(maxDelay).isBefore(latest) ? now.plus(maxDelay) : latest;
            start = deferred.isAfter(start) ? deferred : start;
        }
        // The server's "now" is a moment later than ours: a start within a second is now.
        if (start.isBefore(now.plusSeconds(1))) {
            start = now;
        }
        Double expected = number(w, "expectedGCo2ePerKwh");
        Double atNow = number(w, "nowGCo2ePerKwh");
        JsonNode best = w.path("bestBeforeDeadline");
        inputs.put("bestStart", best.path("start").asText(""));
        inputs.put("forecastGeneratedAt", w.path("forecastGeneratedAt").asText(""));
        Duration wait = Duration.between(now, start);
        StringBuilder line = new StringBuilder();
        line.append(wait.isZero() ? "GO job " + id + " now" : "WAIT job " + id + " " + human(wait) + ", until " + start)
                .append(": ").append(duration.toString().substring(2).toLowerCase(Locale.ROOT)).append(" in ").append(zone);
        if (expected != null && atNow != null) {
            line.append(String.format(Locale.ROOT, ", expected %.0f gCO2e/kWh at the start vs %.0f now (%+.0f%%)", expected,
                    atNow, atNow > 0 ? (expected / atNow - 1) * 100 : 0));
        } else if (expected != null) {
            line.append(String.format(Locale.ROOT, ", expected %.0f gCO2e/kWh at the start", expected));
        }
        if (gate.equals("defer")) {
            line.append("; deferred by the budget gate: ").append(gateReason);
        }
        String reason = w.path("reason").asText("");
        if (expected == null && !reason.isEmpty()) {
            line.append(": ").append(reason);
        }
        if (!best.isMissingNode() && !best.isNull() && best.hasNonNull("start")
                && Instant.parse(best.get("start").asText()).isAfter(start)) {
            line.append(String.format(Locale.ROOT, "; the best start before the deadline, %s (%.0f gCO2e/kWh), is beyond the "
                    + "maximum delay", best.get("start").asText(), best.path("value").asDouble()));
        }
        out.println(line);
        out.flush();
        if (dryRun) {
            return 0;
        }
        record(runAt(id, now, start, expected, atNow, line.toString(), inputs));
        sleepUntil(start);
        out.printf("GO job %s%n", id);
        out.flush();
        return 0;
    }

    private Instant validate(Instant now) {
        List<String> errors = new ArrayList<>();
        Instant due = null;
        try {
            due = Instant.parse(deadline.strip());
        } catch (DateTimeParseException e) {
            errors.add("--deadline '" + deadline + "' is not an RFC 3339 UTC time like 2026-12-01T06:00:00Z");
        }
        if (duration.isNegative() || duration.isZero()) {
            errors.add("--duration must be positive, got " + duration);
        }
        if (maxDelay.isNegative()) {
            errors.add("--max-delay must not be negative, got " + maxDelay);
        }
        if (due != null && !due.isAfter(now)) {
            errors.add("--deadline " + due + " has passed (now " + now + ")");
        }
        if (!onUnavailable.equalsIgnoreCase("run") && !onUnavailable.equalsIgnoreCase("fail")) {
            errors.add("--on-unavailable must be run or fail, got '" + onUnavailable + "'");
        }
        if (zone.isBlank()) {
            errors.add("--zone must not be blank");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return due;
    }

    private String token() throws IOException {
        if (policyTokenFile == null) {
            return System.getenv("CARBON_LEDGER_POLICY_TOKEN");
        }
        return Files.readString(policyTokenFile, StandardCharsets.UTF_8).strip();
    }

    private PolicyDecision denied(String id, Instant now, String reason, Map<String, String> inputs) {
        return PolicyDecision.newBuilder().setSubject("job:" + id).setKind(PolicyKind.CARBON_WINDOW)
                .setDecision(PolicyVerdict.DENY).setReason(reason).setValidFrom(now).setValidUntil(now).setZone(zone)
                .setTeam(team).setWorkloadClass(workloadClass).setInputs(inputs).build();
    }

    private PolicyDecision runAt(String id, Instant now, Instant start, Double expected, Double atNow, String reason,
                                 Map<String, String> inputs) {
        return PolicyDecision.newBuilder().setSubject("job:" + id).setKind(PolicyKind.CARBON_WINDOW)
                .setDecision(PolicyVerdict.RUN_AT).setReason(reason).setValidFrom(now).setValidUntil(start.plus(duration))
                .setZone(zone).setRecommendedStart(start).setExpectedGCo2ePerKwh(expected).setNowGCo2ePerKwh(atNow)
                .setExpectedSavingFraction(expected != null && atNow != null && atNow > 0 ? 1 - expected / atNow : null)
                .setTeam(team).setWorkloadClass(workloadClass).setInputs(inputs).build();
    }

    /** Records the decision; a step must not fail because the record could not be written, so that only warns. */
    private void record(PolicyDecision decision) {
        if (dryRun || noRecord) {
            return;
        }
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        String topic = kafka.topics().policy();
        try (SchemaRegistryClient registry = kafka.registryClient();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            byte[] value = new ConfluentAvroSerde<>(registry, PolicyDecision.class, false).serializer().serialize(topic, decision);
            producer.send(new ProducerRecord<>(topic, decision.getSubject(), value)).get(20, TimeUnit.SECONDS);
            LOGGER.info("event=job_decision_recorded subject={} topic={}", decision.getSubject(), topic);
        } catch (Exception e) {
            LOGGER.warn("event=job_decision_not_recorded subject={} topic={} reason=\"{}\" note=\"the job still runs; the "
                    + "savings report will not list it\"", decision.getSubject(), topic, e.toString());
        }
    }

    private void sleepUntil(Instant start) throws InterruptedException {
        while (true) {
            Duration left = Duration.between(clock.instant(), start);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            Duration nap = left.compareTo(PROGRESS_EVERY) > 0 ? PROGRESS_EVERY : left;
            Thread.sleep(Math.max(1, nap.toMillis()));
            Duration remaining = Duration.between(clock.instant(), start);
            if (remaining.compareTo(Duration.ZERO) > 0) {
                LOGGER.info("event=waiting until={} left={}", start, human(remaining));
            }
        }
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isNumber() ? null : v.asDouble();
    }

    /** {@code 1h12m}, {@code 45s}. */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return h > 0 ? h + "h" + (m > 0 ? m + "m" : "") : m + "m";
    }
}
