package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.domain.budget.BudgetAlerts;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.streams.testing.InMemoryRegistry;
import dev.carbonledger.testsupport.KafkaBrokerExtension;
import dev.carbonledger.testsupport.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Budgets on a real broker with exactly-once: thresholds are alerted exactly once per (team, period, threshold) across
 * an application restart that rebuilds the burn state from its changelog (a fresh state directory), and the status
 * and gate decisions agree with the ledger.
 */
class BudgetAppIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    /** 0.01 kWh: 5 g at 500 gCO2e/kWh and PUE 1. */
    private static final double FIVE_GRAMS = 3.6e4;
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final AccountingSerdes serdes = AccountingSerdes.avro(registry);

    @Test
    void shouldAlertEachThresholdExactlyOnceAcrossARestart() throws Exception {
        KafkaTestBroker broker = KAFKA.broker();
        TopicNames topics = new TopicNames("budget-it");
        List<NewTopic> newTopics = new ArrayList<>();
        for (TopicSpec spec : topics.all(4)) {
            newTopics.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                    .configs(spec.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()));
        }
        broker.admin().createTopics(newTopics).all().get();
        reference(broker, topics);
        try (var p = broker.producer(new StringSerializer(), serdes.budgets().serializer())) {
            // 20 g a day for research: two pods at 5 g a minute each cross 50 % in the first run, 80 % and 100 % after.
            p.send(new ProducerRecord<>(topics.budgets(), "research", DomainRecords.budget(
                    BudgetSpec.of("research", BudgetPeriod.DAY, 20, BudgetTier.HARD), "it", T0)));
        }
        AccountingOptions options = AccountingOptions.builder().topics(topics).grace(AccountingOptions.NEVER)
                .seriesIdleExpiry(AccountingOptions.NEVER).build();

        samples(broker, topics, 0, 1);   // baselines, then 2 x 5 g = 10 g
        try (AccountingApp app = app(options, broker, Files.createTempDirectory("budget-it-1"))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofSeconds(90));
        }
        assertThat(thresholds(broker, topics)).containsExactly("0.5");

        samples(broker, topics, 2, 3);
        // A fresh state directory: the burn state (alerted thresholds included) must come back from the changelog.
        try (AccountingApp app = app(options, broker, Files.createTempDirectory("budget-it-2"))) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            app.awaitDrained(Duration.ofSeconds(90));
        }
        assertThat(thresholds(broker, topics)).containsExactlyInAnyOrder("0.5", "0.8", "1.0");

        Map<String, BudgetStatus> status = last(broker, topics.budgetStatus(), serdes.budgetStatus().deserializer());
        assertThat(status.get("research").getSpentGrams()).isCloseTo(30.0, within(1e-9));
        assertThat(status.get("research").getFraction()).isCloseTo(1.5, within(1e-9));
        Map<String, PolicyDecision> gates = last(broker, topics.policy(), serdes.policy().deserializer());
        assertThat(gates.get("team:research").getDecision()).isEqualTo(PolicyVerdict.DENY);
    }

    /**
     * Samples {@code from..to} of two pods of research, a minute apart (sample 0 is the baseline): each interval is
     * 5 g per pod, so samples 0-1 (10 g: 50 %) and then 2-3 (another 20 g: 80 % and 100 % at 30 g) split the crossings.
     */
    private void samples(KafkaTestBroker broker, TopicNames topics, int from, int to) {
        try (KafkaProducer<String, EnergySample> p = broker.producer(new StringSerializer(), serdes.samples().serializer())) {
            for (String pod : List.of("r1", "r2")) {
                for (int i = from; i <= to; i++) {
                    Instant ts = T0.plusSeconds(60L * i);
                    p.send(new ProducerRecord<>(topics.samples(), pod,
                            new EnergySample(pod, "package", "n1", ts, FIVE_GRAMS * i, "it")));
                }
            }
        }
    }

    private void reference(KafkaTestBroker broker, TopicNames topics) {
        try (var p = broker.producer(new StringSerializer(), serdes.pods().serializer())) {
            for (String pod : List.of("r1", "r2")) {
                p.send(new ProducerRecord<>(topics.pods(), pod, new PodMetadata(pod, "ml", pod, null, "research", "m", null, Map.of())));
            }
        }
        try (var p = broker.producer(new StringSerializer(), serdes.nodes().serializer())) {
            p.send(new ProducerRecord<>(topics.nodes(), "n1", new NodeInfo("n1", "Z", 1.0, null, Map.of())));
        }
        try (KafkaProducer<String, IntensityRecord> p = broker.producer(new StringSerializer(), serdes.intensity().serializer())) {
            p.send(new ProducerRecord<>(topics.intensity(), "Z", new IntensityRecord("Z", T0.minusSeconds(3_600), null, 500.0,
                    IntensitySignal.AVERAGE, "it", false, false)));
        }
    }

    private List<String> thresholds(KafkaTestBroker broker, TopicNames topics) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, AlertEvent> r : readAll(broker, topics.alerts(), serdes.alerts().deserializer())) {
            AlertEvent a = r.value();
            if (a.getAlertName().equals(BudgetAlerts.THRESHOLD_CROSSED) && a.getStatus() == AlertStatus.FIRING) {
                out.add(a.getLabels().get("threshold"));
            }
        }
        return out;
    }

    private AccountingApp app(AccountingOptions options, KafkaTestBroker broker, Path state) {
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new AccountingApp(options, serdes, kafka, "budget-it", state, 2, Duration.ofMillis(100));
    }

    private static <V> Map<String, V> last(KafkaTestBroker broker, String topic, Deserializer<V> values) {
        Map<String, V> out = new LinkedHashMap<>();
        readAll(broker, topic, values).forEach(r -> out.put(r.key(), r.value()));
        return out;
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(KafkaTestBroker broker, String topic, Deserializer<V> values) {
        return broker.readToEnd(topic, new StringDeserializer(), values);
    }
}
