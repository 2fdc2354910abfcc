package dev.carbonledger.sinks.alertmanager;

import static dev.carbonledger.sinks.testing.Records.T0;
import static dev.carbonledger.sinks.testing.Records.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerializer;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.testing.AlertmanagerProcess;
import dev.carbonledger.sinks.testing.RecordingHttpServer;
import dev.carbonledger.sinks.testing.TestTopics;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.OutageRegistry;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forwarder on a real broker, against a recording stand-in for Alertmanager and against a real one. */
@WithKafkaBroker
class AlertmanagerForwarderIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaTestBroker broker;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicNames topics;

    AlertmanagerForwarderIT(KafkaTestBroker broker) {
        this.broker = broker;
        this.topics = new TopicNames("am" + System.identityHashCode(this));
        TestTopics.create(broker, topics.alerts(), 1);
    }

    private void publish(AlertEvent... events) {
        var serializer = new ConfluentAvroSerializer<>(registry, AlertEvent.class, false);
        try (KafkaProducer<String, AlertEvent> producer = broker.producer(new StringSerializer(), serializer)) {
            for (AlertEvent e : events) {
                producer.send(new ProducerRecord<>(topics.alerts(), e.getFingerprint(), e));
            }
            producer.flush();
        }
    }

    private ForwarderConfig.Builder config(java.net.URI alertmanager, Clock clock) {
        return ForwarderConfig.builder(broker.bootstrapServers(), List.of(alertmanager))
                .topics(topics)
                .groupId("forwarder-" + topics.prefix())
                .resendInterval(Duration.ofMinutes(10))
                .initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200))
                .clock(clock);
    }

    /** Every alert posted, flattened over the request bodies, in order. */
    private static List<JsonNode> alerts(List<String> bodies) {
        List<JsonNode> out = new ArrayList<>();
        for (String body : bodies) {
            try {
                JSON.readTree(body).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Test
    void shouldRetryUntilAlertmanagerAcceptsThenResolveWithEndsAt() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (RecordingHttpServer am = new RecordingHttpServer("/api/v2/alerts", 2);
                AlertmanagerForwarder forwarder = new AlertmanagerForwarder(config(am.baseUri(), clock).build(), registry)) {
            forwarder.start();

            // When a firing event arrives while Alertmanager fails twice
            publish(alert("budget-search", AlertStatus.FIRING, Map.of("team", "search", "severity", "warning"),
                    T0.minusSeconds(60), null));
            await().atMost(WAIT).until(() -> alerts(am.bodies()).size() >= 1);

            // Then it was retried and delivered with its labels
            assertThat(am.requests()).isGreaterThanOrEqualTo(3);
            assertThat(forwarder.failedAttempts()).isGreaterThanOrEqualTo(2);
            JsonNode firing = alerts(am.bodies()).get(0);
            assertThat(firing.get("labels").get("alertname").asText()).isEqualTo("CarbonTestAlert");
            assertThat(firing.get("labels").get("team").asText()).isEqualTo("search");
            assertThat(Instant.parse(firing.get("endsAt").asText())).isAfter(T0);
            assertThat(forwarder.firingCount()).isEqualTo(1);

            // When it resolves
            publish(alert("budget-search", AlertStatus.RESOLVED, Map.of("team", "search", "severity", "warning"),
                    T0.minusSeconds(60), T0.plusSeconds(30)));
            String endsAt = T0.plusSeconds(30).toString();

            // Then Alertmanager gets the event's endsAt (earlier posts were the firing event and its re-sends)
            await().atMost(WAIT).until(() -> alerts(am.bodies()).stream()
                    .anyMatch(a -> endsAt.equals(a.get("endsAt").asText())));
            assertThat(alerts(am.bodies())).allSatisfy(a -> assertThat(a.get("labels").get("team").asText())
                    .isEqualTo("search"));
            assertThat(forwarder.firingCount()).isZero();
        }
    }

    @Test
    void shouldHoldAlertsWhileTheRegistryIsUnavailableAndDeliverEveryOneAfter() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        OutageRegistry outage = new OutageRegistry(registry);
        try (RecordingHttpServer am = new RecordingHttpServer("/api/v2/alerts", 0);
                AlertmanagerForwarder forwarder = new AlertmanagerForwarder(config(am.baseUri(), clock).build(), outage)) {
            forwarder.start();

            // When two events arrive while the forwarder's registry cannot be reached
            publish(alert("a", AlertStatus.FIRING, Map.of("team", "search"), T0, null),
                    alert("b", AlertStatus.FIRING, Map.of("team", "ml-platform"), T0, null));
            await().atMost(WAIT).until(() -> outage.refused() >= 2);

            // Then nothing is posted, and nothing is skipped either
            assertThat(am.bodies()).isEmpty();
            assertThat(forwarder.skippedCount()).isZero();

            // When the registry answers again, both are delivered
            outage.up();
            await().atMost(WAIT).until(() -> alerts(am.bodies()).size() >= 2);
            assertThat(alerts(am.bodies())).extracting(a -> a.get("labels").get("team").asText())
                    .contains("search", "ml-platform");
            assertThat(forwarder.firingCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldNotRepostDeliveredEventsAfterARestartButResendWhatStillFires() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (RecordingHttpServer am = new RecordingHttpServer("/api/v2/alerts", 0)) {
            // Given a forwarder that delivered: a fires, b fires, b resolves
            try (AlertmanagerForwarder first = new AlertmanagerForwarder(config(am.baseUri(), clock).build(), registry)) {
                first.start();
                publish(alert("a", AlertStatus.FIRING, Map.of("team", "search"), T0, null),
                        alert("b", AlertStatus.FIRING, Map.of("team", "ml-platform"), T0, null),
                        alert("b", AlertStatus.RESOLVED, Map.of("team", "ml-platform"), T0, T0.plusSeconds(60)));
                await().atMost(WAIT).until(() -> alerts(am.bodies()).size() >= 3);
            }
            int before = am.bodies().size();

            // When a new forwarder of the same group starts
            try (AlertmanagerForwarder second = new AlertmanagerForwarder(config(am.baseUri(), clock).build(), registry)) {
                second.start();
                await().atMost(WAIT).until(() -> am.bodies().size() > before);

                // Then it rebuilt the firing set and re-sent only what still fires: a, not b
                List<JsonNode> after = alerts(am.bodies().subList(before, am.bodies().size()));
                assertThat(second.firingCount()).isEqualTo(1);
                assertThat(after).extracting(a -> a.get("labels").get("team").asText()).containsOnly("search");
            }
        }
    }

    @Test
    void shouldReachTheWebhookThroughARealAlertmanagerWithItsLabels(@TempDir Path dir) throws Exception {
        // Alertmanager judges startsAt/endsAt against its own clock, so this test's alert times are taken from
        // the wall clock (truncated), not from a fixed instant.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (RecordingHttpServer webhook = new RecordingHttpServer("/hook", 0);
                AlertmanagerProcess am = AlertmanagerProcess.start(dir, webhook.baseUri().resolve("/hook"));
                AlertmanagerForwarder forwarder = new AlertmanagerForwarder(
                        config(am.url(), Clock.systemUTC()).build(), registry)) {
            forwarder.start();

            publish(alert("budget-ml", AlertStatus.FIRING,
                    Map.of("team", "ml-platform", "severity", "critical", "period", "2026-11"), now.minusSeconds(5), null));
            JsonNode firing = await().atMost(WAIT).until(() -> lastNotification(webhook),
                    n -> n != null && "firing".equals(n.get("status").asText()));

            JsonNode labels = firing.get("alerts").get(0).get("labels");
            assertThat(labels.get("alertname").asText()).isEqualTo("CarbonTestAlert");
            assertThat(labels.get("team").asText()).isEqualTo("ml-platform");
            assertThat(labels.get("severity").asText()).isEqualTo("critical");
            assertThat(labels.get("period").asText()).isEqualTo("2026-11");

            publish(alert("budget-ml", AlertStatus.RESOLVED,
                    Map.of("team", "ml-platform", "severity", "critical", "period", "2026-11"), now.minusSeconds(5),
                    now));
            JsonNode resolved = await().atMost(WAIT).until(() -> lastNotification(webhook),
                    n -> n != null && "resolved".equals(n.get("status").asText()));
            assertThat(resolved.get("alerts").get(0).get("labels").get("team").asText()).isEqualTo("ml-platform");
        }
    }

    private static JsonNode lastNotification(RecordingHttpServer webhook) throws IOException {
        List<String> bodies = webhook.bodies();
        return bodies.isEmpty() ? null : JSON.readTree(bodies.get(bodies.size() - 1));
    }
}
