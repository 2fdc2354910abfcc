package dev.carbonledger.launcher.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.launcher.CommandLines;
import dev.carbonledger.launcher.CommandLines.Run;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbon-ledger budgets} on a real broker and a schema registry reachable by URL, as an operator runs it.
 * Each test has topics of its own (a unique prefix), created with {@code carbon-ledger topics create}.
 */
@WithKafkaBroker
class BudgetsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENVIRONMENT = Map.of("USER", "it-user");

    private final KafkaTestBroker kafka;
    private EmbeddedSchemaRegistry registry;
    private RestSchemaRegistryClient registryClient;
    private TopicNames topics;

    @TempDir
    Path dir;

    BudgetsIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void startRegistryAndCreateTopics() {
        registry = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()).start();
        registryClient = RestSchemaRegistryClient.of(registry.url());
        topics = new TopicNames("it-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void stopRegistry() {
        registryClient.close();
        registry.close();
    }

    private void createTopics() {
        Run created = CommandLines.run(ENVIRONMENT, "topics", "create", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", topics.prefix(), "--partitions", "1");
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    private Run budgets(String... args) {
        List<String> all = new ArrayList<>(List.of("budgets"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--topic-prefix", topics.prefix()));
        return CommandLines.run(ENVIRONMENT, all.toArray(String[]::new));
    }

    private Run ok(String... args) {
        Run run = budgets(args);
        assertThat(run.exitCode()).as("%s%nstdout: %s%nstderr: %s", List.of(args), run.out(), run.err()).isZero();
        return run;
    }

    private BudgetsClient client() {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        return new BudgetsClient(p, topics, registryClient, TIMEOUT);
    }

    @Test
    void shouldSetListChangeAndDeleteABudget() throws Exception {
        createTopics();
        assertThat(ok("list").out()).isEqualTo("no budgets\n");

        // set, then list shows it
        assertThat(ok("set", "--team", "research", "--period", "day", "--limit", "5kg", "--tier", "hard").out())
                .isEqualTo("budget set: research 5 kg per day, hard, thresholds 50% 80% 100%\n");
        assertThat(ok("list").out().lines().toList()).containsExactly(
                "TEAM      PERIOD  LIMIT  TIER  THRESHOLDS    SPENT  USED  BURN  UPDATED-BY",
                "research  day     5 kg   hard  50%,80%,100%  -      -     -     it-user");

        // set again changes it
        Instant before = Instant.now();
        assertThat(ok("set", "--team", "research", "--period", "week", "--limit", "0.05t", "--thresholds", "80%,100%",
                "--by", "alice").out()).isEqualTo("budget set: research 50 kg per week, soft, thresholds 80% 100%\n");
        JsonNode listed = JSON.readTree(ok("list", "--output", "json").out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("period").asText()).isEqualTo("week");
        assertThat(listed.get(0).get("limitGrams").asDouble()).isEqualTo(50_000);
        assertThat(listed.get(0).get("updatedBy").asText()).isEqualTo("alice");
        assertThat(listed.get(0).get("current").isNull()).isTrue();
        try (BudgetsClient client = client()) {
            StoredBudget stored = client.readBudgets().get("research");
            assertThat(stored.spec()).isEqualTo(BudgetSpec.validated("research", BudgetPeriod.WEEK, 50_000, BudgetTier.SOFT,
                    List.of(0.8, 1.0)));
            assertThat(stored.updatedAt()).isBetween(before.minusMillis(1), Instant.now());
        }

        // delete
        assertThat(ok("delete", "--team", "research").out()).isEqualTo("budget deleted: research\n");
        assertThat(ok("list").out()).isEqualTo("no budgets\n");
        List<ConsumerRecord<String, byte[]>> records = kafka.consumeUntil(topics.budgets(), new StringDeserializer(),
                new ByteArrayDeserializer(), 3, TIMEOUT);
        assertThat(records).map(ConsumerRecord::key).containsExactly("research", "research", "research");
        assertThat(records.get(2).value()).as("a tombstone").isNull();
    }

    @Test
    void shouldRefuseToDeleteATeamWithoutABudgetAndWriteNothing() {
        createTopics();
        ok("set", "--team", "search", "--period", "day", "--limit", "1kg");
        ok("set", "--team", "ads", "--period", "day", "--limit", "1kg");
        long end = kafka.totalEndOffset(topics.budgets());

        Run run = budgets("delete", "--team", "research");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("carbon-ledger budgets delete: team 'research' has no budget (teams with budgets: ads,"
                + " search)\n");
        assertThat(kafka.totalEndOffset(topics.budgets())).isEqualTo(end);
    }

    @Test
    void shouldImportThreeHundredTeamsInOneTransaction() throws Exception {
        createTopics();
        Path file = dir.resolve("teams.csv");
        Files.writeString(file, csv(300, 0));

        assertThat(ok("import", file.toString()).out()).isEqualTo("imported 300 budgets (300 new, 0 changed, 0 unchanged)\n");

        List<ConsumerRecord<String, byte[]>> records = kafka.consumeUntil(topics.budgets(), new StringDeserializer(),
                new ByteArrayDeserializer(), 300, TIMEOUT);
        assertThat(records).hasSize(300);
        // 300 records and one commit marker (written once the commit returned): a single transaction.
        awaitEndOffset(301);
        try (BudgetsClient client = client()) {
            Map<String, StoredBudget> budgets = client.readBudgets();
            assertThat(budgets).hasSize(300);
            assertThat(budgets.get("team-042").spec()).isEqualTo(
                    BudgetSpec.validated("team-042", BudgetPeriod.DAY, 43_000, BudgetTier.HARD, List.of(0.5, 1.0)));
            assertThat(budgets.get("team-042").updatedBy()).isEqualTo("it-user");
        }

        // Again with one limit changed: a dry run writes nothing, the import writes only the change.
        Files.writeString(file, csv(300, 7));
        assertThat(ok("import", file.toString(), "--dry-run").out().lines().toList()).containsExactly(
                "changed  team-007 1 t per day, hard, thresholds 50% 100% (was team-007 8 kg per day, hard, thresholds 50% 100%)",
                "dry run: would import 300 budgets (0 new, 1 changed, 299 unchanged); nothing was written");
        assertThat(kafka.totalEndOffset(topics.budgets())).isEqualTo(301);
        assertThat(ok("import", file.toString()).out()).isEqualTo("imported 300 budgets (0 new, 1 changed, 299 unchanged)\n");
        awaitEndOffset(303);
    }

    private void awaitEndOffset(long expected) {
        await("end offset of " + topics.budgets()).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(kafka.totalEndOffset(topics.budgets())).isEqualTo(expected));
        // Nothing more arrives.
        assertThat(kafka.totalEndOffset(topics.budgets())).isEqualTo(expected);
    }

    @Test
    void shouldImportNothingFromAFileWithAnError() throws Exception {
        createTopics();
        Path file = dir.resolve("teams.csv");
        Files.writeString(file, csv(300, 0) + "team-300,day,lots,hard,\n");

        Run run = budgets("import", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":302: limit: 'lots' is not an amount of CO2e");
        assertThat(kafka.totalEndOffset(topics.budgets())).isZero();
    }

    @Test
    void shouldWriteATransferWithItsAuditFields() throws Exception {
        createTopics();
        ok("set", "--team", "research", "--period", "day", "--limit", "15kg");
        ok("set", "--team", "search", "--period", "day", "--limit", "5kg");
        long today = BudgetPeriod.DAY.start(System.currentTimeMillis());
        // The streams app already counted 5 kg moved out of research's limit today.
        writeStatus("research", today, -5_000);
        Instant before = Instant.now();

        Run run = ok("transfer", "--from", "research", "--to", "search", "--amount", "4kg", "--reason", "launch week",
                "--by", "governance-board");

        Matcher m = Pattern.compile("transferred 4 kg of the daily budget from research to search for the period starting "
                + Pattern.quote(Instant.ofEpochMilli(today).toString())
                + Pattern.quote(" (research: 10 kg -> 6 kg, search: 5 kg -> 9 kg); transfer id ") + "([0-9a-f-]{36})\n")
                .matcher(run.out());
        assertThat(m.matches()).as(run.out()).isTrue();
        List<ConsumerRecord<String, byte[]>> records = kafka.consumeUntil(topics.budgetTransfers(), new StringDeserializer(),
                new ByteArrayDeserializer(), 1, TIMEOUT);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(m.group(1));
        BudgetTransfer transfer = new ConfluentAvroSerde<>(registryClient, BudgetTransfer.class, false).deserializer()
                .deserialize(topics.budgetTransfers(), records.get(0).value());
        assertThat(transfer.getTransferId()).isEqualTo(m.group(1));
        assertThat(transfer.getFromTeam()).isEqualTo("research");
        assertThat(transfer.getToTeam()).isEqualTo("search");
        assertThat(transfer.getAmountGrams()).isEqualTo(4_000);
        assertThat(transfer.getReason()).isEqualTo("launch week");
        assertThat(transfer.getRequestedBy()).isEqualTo("governance-board");
        assertThat(transfer.getRequestedAt()).isBetween(before.minusMillis(1), Instant.now());
    }

    @Test
    void shouldWriteNothingForAnInvalidTransfer() throws Exception {
        createTopics();
        ok("set", "--team", "research", "--period", "day", "--limit", "15kg");
        ok("set", "--team", "ads", "--period", "week", "--limit", "50kg");
        writeStatus("research", BudgetPeriod.DAY.start(System.currentTimeMillis()), -5_000);

        Run run = budgets("transfer", "--from", "research", "--to", "ads", "--amount", "10kg", "--reason", "x");
        Run unknown = budgets("transfer", "--from", "research", "--to", "web", "--amount", "1kg", "--reason", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).satisfiesExactly(
                line -> assertThat(line).isEqualTo("carbon-ledger budgets transfer: invalid transfer: transfers need budgets"
                        + " of the same period: research is daily, ads is weekly"),
                line -> assertThat(line).startsWith("carbon-ledger budgets transfer: invalid transfer: cannot move 10 kg from"
                        + " research: its limit for the period starting ").endsWith(" is 10 kg (15 kg budget, -5 kg"
                        + " transferred), and a transfer must leave it a positive limit"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("carbon-ledger budgets transfer: invalid transfer: team 'web' has no budget\n");
        assertThat(kafka.totalEndOffset(topics.budgetTransfers())).isZero();
    }

    @Test
    void shouldFailWithAHintAndCreateNoTopicWhenTheTopicsDoNotExist() throws Exception {
        Run run = budgets("set", "--team", "research", "--period", "day", "--limit", "5kg");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("carbon-ledger budgets set: failed: topic " + topics.budgets() + " does not exist:"
                + " create the project's topics first with 'carbon-ledger topics create' (same --bootstrap-servers and"
                + " --topic-prefix)\n");
        assertThat(kafka.admin().listTopics().names().get()).doesNotContain(topics.budgets());
    }

    /** A budget status for the day starting at {@code periodStart}, as the streams app writes it. */
    private void writeStatus(String team, long periodStart, double transferredGrams) throws Exception {
        BurnStatus status = BurnStatus.of(team, BudgetPeriod.DAY, BudgetTier.SOFT, periodStart, 10_000, transferredGrams,
                1_000, 0, 0, 0, System.currentTimeMillis());
        byte[] value = new ConfluentAvroSerde<>(registryClient, BudgetStatus.class, false).serializer()
                .serialize(topics.budgetStatus(), DomainRecords.status(status));
        try (KafkaProducer<String, byte[]> producer = kafka.producer(new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.budgetStatus(), team, value)).get();
        }
    }

    /** {@code count} daily hard budgets, team-000 ... ; team-i has (i + 1) kg, except {@code bigTeam} with 1 t when > 0. */
    private static String csv(int count, int bigTeam) {
        StringBuilder b = new StringBuilder("team,period,limit,tier,thresholds\n");
        for (int i = 0; i < count; i++) {
            String limit = i == bigTeam && bigTeam > 0 ? "1t" : (i + 1) + "kg";
            b.append(String.format("team-%03d,day,%s,hard,0.5;1%n", i, limit));
        }
        return b.toString();
    }
}
