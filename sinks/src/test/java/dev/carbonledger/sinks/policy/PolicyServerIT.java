package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerializer;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.policy.HttpCalls.Answer;
import dev.carbonledger.sinks.testing.Records;
import dev.carbonledger.sinks.testing.TestTopics;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The policy server on a real broker: records in the pipeline's topics with the project's Avro serde, read over HTTP. */
@WithKafkaBroker
class PolicyServerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");

    private final KafkaTestBroker broker;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicNames topics;

    PolicyServerIT(KafkaTestBroker broker) {
        this.broker = broker;
        // A fresh prefix per test: tests share the broker, not each other's records.
        this.topics = new TopicNames("policy" + System.identityHashCode(this));
    }

    private <T extends SpecificRecord> void send(String topic, Class<T> type, String key, T value) {
        ConfluentAvroSerializer<T> serializer = new ConfluentAvroSerializer<>(registry, type, false);
        try (KafkaProducer<String, T> producer = broker.producer(new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    private void sendGarbage(String topic, String key) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 99, 1}));
            producer.flush();
        }
    }

    private PolicyServerConfig config() {
        return PolicyServerConfig.builder(broker.bootstrapServers()).topics(topics).port(0)
                .clock(PolicyFixtures.CLOCK).refreshInterval(Duration.ofMillis(200)).build();
    }

    @Test
    void shouldDenyServeTheForecastAndTheDecisionWhenCaughtUpWithTheTopics() throws Exception {
        // Given
        TestTopics.create(broker, topics.budgets(), 1, COMPACT);
        TestTopics.create(broker, topics.budgetStatus(), 1, COMPACT);
        TestTopics.create(broker, topics.intensityForecasts(), 1, COMPACT);
        TestTopics.create(broker, topics.policy(), 1, COMPACT);
        TestTopics.create(broker, topics.intensity(), 2);
        send(topics.budgets(), Budget.class, "research", Records.budget("research", BudgetPeriod.DAY, 1000, BudgetTier.HARD));
        send(topics.budgets(), Budget.class, "broken", Records.budget("broken", BudgetPeriod.DAY, -1, BudgetTier.HARD));
        sendGarbage(topics.budgets(), "garbage");
        send(topics.budgetStatus(), BudgetStatus.class, "research",
                Records.dayStatus("research", BudgetTier.HARD, 1000, 1250, 2.5, null));
        send(topics.intensityForecasts(), IntensityForecast.class, "DE",
                Records.forecast("DE", T0.minusSeconds(600), T0, 300, 10, 20, 30, 40, 5));
        send(topics.policy(), PolicyDecision.class, "team:research",
                Records.gateDecision("research", PolicyVerdict.DENY, "team research has exhausted its hard budget"));
        send(topics.intensity(), IntensityRecord.class, "DE", Records.intensity("DE", T0.minusSeconds(900), 310, false));

        // When
        try (PolicyServer server = new PolicyServer(config(), registry)) {
            server.start();
            assertThat(server.awaitCaughtUp(WAIT)).as("caught up within %s", WAIT).isTrue();
            HttpCalls http = new HttpCalls(server.url());

            // Then
            Answer gate = http.get("/v1/gate?team=research");
            assertThat(gate.status()).isEqualTo(200);
            assertThat(gate.json().get("decision").asText()).isEqualTo("deny");
            assertThat(gate.json().get("status").get("spentGrams").asDouble()).isEqualTo(1250.0);

            Answer opa = http.post("/v1/data/carbon/gate", "{\"input\": {\"team\": \"research\", \"class\": \"batch\"}}");
            assertThat(opa.json().get("result").get("decision").asText()).isEqualTo("deny");

            JsonNode forecast = http.get("/emissions/forecasts/current?location=DE&windowSize=10").json().get(0);
            assertThat(forecast.get("forecastData")).extracting(p -> p.get("value").asDouble())
                    .containsExactly(15.0, 25.0, 35.0, 22.5);
            assertThat(forecast.get("optimalDataPoints").get(0).get("value").asDouble()).isEqualTo(15.0);

            Answer decision = http.get("/v1/decisions?subject=team:research");
            assertThat(decision.status()).isEqualTo(200);
            assertThat(decision.json().get("decision").asText()).isEqualTo("deny");
            assertThat(decision.json().get("kind").asText()).isEqualTo("budget_gate");

            assertThat(http.get("/v1/keda/zones/DE").json().get("intensity").get("now").asDouble()).isEqualTo(310.0);

            JsonNode ready = http.get("/readyz").json();
            assertThat(ready.get("ready").asBoolean()).isTrue();
            assertThat(ready.get("invalidBudgets").asLong()).isEqualTo(1);
            assertThat(ready.get("decodeErrors").get(topics.budgets()).asLong()).isEqualTo(1);
            assertThat(http.get("/v1/gate?team=broken").json().get("budget").isNull()).isTrue();
        }
    }

    @Test
    void shouldFollowRecordsTombstonesAndTopicsWhenTheyAppearAfterStart() throws Exception {
        // Given a server over a budgets topic only
        TestTopics.create(broker, topics.budgets(), 1, COMPACT);
        send(topics.budgets(), Budget.class, "research", Records.budget("research", BudgetPeriod.DAY, 1000, BudgetTier.HARD));
        try (PolicyServer server = new PolicyServer(config(), registry)) {
            server.start();
            assertThat(server.awaitCaughtUp(WAIT)).isTrue();
            HttpCalls http = new HttpCalls(server.url());

            // When the status topic appears with an exhausted status
            TestTopics.create(broker, topics.budgetStatus(), 1, COMPACT);
            send(topics.budgetStatus(), BudgetStatus.class, "research",
                    Records.dayStatus("research", BudgetTier.HARD, 1000, 1500, 3, null));

            // Then the gate denies
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(http.get("/v1/gate?team=research").json().get("decision").asText()).isEqualTo("deny"));

            // When the budget is deleted, then the team is allowed again
            send(topics.budgets(), Budget.class, "research", null);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(http.get("/v1/gate?team=research").json().get("decision").asText()).isEqualTo("allow"));
        }
    }
}
