package dev.carbonledger.launcher.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.launcher.CarbonLedgerTestAccess;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.policy.PolicyServer;
import dev.carbonledger.sinks.policy.PolicyServerConfig;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code wait-for-window} against the real policy server on a real broker: a team whose hard budget is exhausted is
 * denied (exit 3), and a job whose zone gets cleaner in a few seconds waits for it, within its maximum delay, prints
 * the intensities, exits 0 and leaves its decision on the policy topic as {@code job:<id>}.
 */
@WithKafkaBroker
class WaitForWindowIT {
    private static EmbeddedSchemaRegistry registry;
    private final KafkaTestBroker kafka;
    private final TopicNames topics = new TopicNames("wfw");

    WaitForWindowIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()).start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CarbonLedgerTestAccess.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url",
                registry.url().toString(), "--topic-prefix", topics.prefix()));
        return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void shouldDenyAnExhaustedHardBudgetAndWaitForTheCleanerWindowWithinTheMaximumDelay() throws Exception {
        kafka.createTopics(topics.all(1));
        Instant now = Instant.now();
        long period = BudgetPeriod.DAY.start(now.toEpochMilli());
        BudgetSpec research = BudgetSpec.of("research", BudgetPeriod.DAY, 10, BudgetTier.HARD);
        send(topics.budgets(), "research", DomainRecords.budget(research, "it", now), Budget.class);
        send(topics.budgetStatus(), "research", DomainRecords.status(new BurnStatus("research", BudgetPeriod.DAY,
                BudgetTier.HARD, period, BudgetPeriod.DAY.end(period), 10, 0, 12.5, 1e5, 3.0, null, now.toEpochMilli())),
                BudgetStatus.class);
        // Zone Z, in 10 s points: 500 now and for 30 s, then 100 for a minute, then 500 again.
        long step = 10_000;
        long first = Math.floorDiv(now.toEpochMilli(), step) * step - step;
        List<ForecastPoint> points = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double value = i >= 4 && i < 10 ? 100 : 500;
            points.add(new ForecastPoint(Instant.ofEpochMilli(first + i * step), 10, value));
        }
        send(topics.intensityForecasts(), "Z", new IntensityForecast("Z", "it", IntensitySignal.AVERAGE,
                Instant.ofEpochMilli(first), points), IntensityForecast.class);

        try (RestSchemaRegistryClient client = RestSchemaRegistryClient.of(registry.url().toString());
                PolicyServer server = new PolicyServer(PolicyServerConfig.builder(kafka.bootstrapServers()).topics(topics)
                        .port(0).refreshInterval(Duration.ofMillis(200)).build(), client)) {
            server.start();
            assertThat(server.awaitCaughtUp(Duration.ofSeconds(60))).as("policy server caught up").isTrue();
            String url = server.url().toString();
            String deadline = now.plus(Duration.ofMinutes(10)).toString();

            // A team with an exhausted hard budget: denied, exit 3, and the refusal is recorded.
            Run denied = run("wait-for-window", "--zone", "Z", "--duration", "20s", "--deadline", deadline,
                    "--max-delay", "40s", "--team", "research", "--job-id", "denied-1", "--policy-url", url);
            assertThat(denied.exit()).as(denied.err()).isEqualTo(WaitForWindowCommand.DENIED);
            assertThat(denied.out()).startsWith("DENY job denied-1: team research has exhausted its hard budget");

            // A team without a budget: the cleaner window starts within the maximum delay; the step waits for it.
            long before = System.nanoTime();
            Run go = run("wait-for-window", "--zone", "Z", "--duration", "20s", "--deadline", deadline,
                    "--max-delay", "40s", "--team", "search", "--class", "batch", "--job-id", "job-7", "--policy-url", url);
            double waitedSeconds = (System.nanoTime() - before) / 1e9;
            assertThat(go.exit()).as(go.err()).isZero();
            assertThat(go.out()).startsWith("WAIT job job-7 ").contains("20s in Z, expected 100 gCO2e/kWh at the start vs ")
                    .contains("GO job job-7");

            Map<String, PolicyDecision> decisions = decisions();
            PolicyDecision job = decisions.get("job:job-7");
            assertThat(job.getDecision()).isEqualTo(PolicyVerdict.RUN_AT);
            assertThat(job.getTeam()).isEqualTo("search");
            assertThat(job.getWorkloadClass()).isEqualTo("batch");
            assertThat(job.getExpectedGCo2ePerKwh()).isEqualTo(100.0);
            assertThat(job.getNowGCo2ePerKwh()).isGreaterThan(job.getExpectedGCo2ePerKwh());
            assertThat(job.getRecommendedStart()).isAfter(job.getValidFrom())
                    .isBeforeOrEqualTo(job.getValidFrom().plusSeconds(40));
            assertThat(waitedSeconds).as("it slept until the recommended start")
                    .isGreaterThanOrEqualTo(Duration.between(job.getValidFrom(), job.getRecommendedStart()).toMillis() / 1000.0 - 1);
            assertThat(job.getInputs()).containsEntry("jobId", "job-7").containsEntry("gate", "allow")
                    .containsEntry("duration", "PT20S").containsEntry("maxDelay", "PT40S").containsKey("submittedAt");
            assertThat(job.getExpectedSavingFraction()).isCloseTo(1 - 100.0 / job.getNowGCo2ePerKwh(), within(1e-9));
            assertThat(decisions.get("job:denied-1").getDecision()).isEqualTo(PolicyVerdict.DENY);
        }
    }

    private <T extends SpecificRecord> void send(String topic, String key, T value, Class<T> type) throws Exception {
        try (RestSchemaRegistryClient client = RestSchemaRegistryClient.of(registry.url().toString());
                KafkaProducer<String, T> p = kafka.producer(new StringSerializer(),
                        new ConfluentAvroSerde<>(client, type, false).serializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private Map<String, PolicyDecision> decisions() throws Exception {
        Map<String, PolicyDecision> out = new LinkedHashMap<>();
        try (RestSchemaRegistryClient client = RestSchemaRegistryClient.of(registry.url().toString())) {
            var de = new ConfluentAvroSerde<>(client, PolicyDecision.class, false).deserializer();
            kafka.readToEnd(topics.policy(), new StringDeserializer(), de).forEach(r -> out.put(r.key(), r.value()));
        }
        return out;
    }
}
