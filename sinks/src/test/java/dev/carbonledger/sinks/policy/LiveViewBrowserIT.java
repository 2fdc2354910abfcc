package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.policy.LiveFixtures.sciKey;
import static dev.carbonledger.sinks.policy.LiveFixtures.sciWindow;
import static dev.carbonledger.sinks.policy.LiveFixtures.teamWindow;
import static dev.carbonledger.sinks.policy.LiveFixtures.windowKey;
import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerializer;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.testing.HeadlessChromium;
import dev.carbonledger.sinks.testing.Records;
import dev.carbonledger.sinks.testing.TestTopics;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view end to end in Debian's headless Chromium: records in the pipeline's topics on a real broker, the
 * real policy server, the page at {@code /} fed by its server-sent event streams. The numbers on the page must be
 * the records' values, a record published while the page is open must show up without a reload, and the page must
 * raise no script error or content-security-policy violation. The screenshot is kept in
 * {@code sinks/target/live-view/live-view.png}. Skipped only when no Chromium binary exists.
 */
@WithKafkaBroker
class LiveViewBrowserIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiveViewBrowserIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");
    static final Path SCREENSHOT = Path.of("target", "live-view", "live-view.png");

    private final KafkaTestBroker broker;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicNames topics;

    LiveViewBrowserIT(KafkaTestBroker broker) {
        this.broker = broker;
        this.topics = new TopicNames("live" + System.identityHashCode(this));
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

    private void sendWindow(EmissionsWindow w) {
        send(topics.teamWindows(), EmissionsWindow.class, windowKey(w), w);
    }

    private static AlertEvent alert(String fingerprint, String name, AlertStatus status, String team, String summary) {
        return AlertEvent.newBuilder().setFingerprint(fingerprint).setAlertName(name).setStatus(status)
                .setLabels(Map.of("team", team, "severity", "page")).setAnnotations(Map.of("summary", summary))
                .setStartsAt(T0.minusSeconds(300)).setEndsAt(status == AlertStatus.RESOLVED ? T0 : null).build();
    }

    @Test
    void shouldShowTheTopicsNumbersAndFollowUpdatesWhenOpenedInChromium() throws Exception {
        Optional<Path> chromium = HeadlessChromium.binary();
        assumeTrue(chromium.isPresent(), "no Chromium binary (/usr/bin/chromium or $CHROMIUM_BIN): install Debian's "
                + "chromium package to run the live view's browser test");

        // Given every topic of the view, with records
        TestTopics.create(broker, topics.budgetStatus(), 1, COMPACT);
        TestTopics.create(broker, topics.intensityForecasts(), 1, COMPACT);
        TestTopics.create(broker, topics.intensity(), 1);
        TestTopics.create(broker, topics.teamWindows(), 2);
        TestTopics.create(broker, topics.sci(), 1);
        TestTopics.create(broker, topics.alerts(), 1);
        send(topics.budgetStatus(), BudgetStatus.class, "research",
                Records.dayStatus("research", BudgetTier.HARD, 1000, 1250, 2.5, null));
        send(topics.budgetStatus(), BudgetStatus.class, "search",
                Records.dayStatus("search", BudgetTier.SOFT, 2000, 500, 0.8, null));
        sendWindow(teamWindow("research", T0.minusSeconds(120), 60, 150, true));     // 2.5 g/s
        sendWindow(teamWindow("research", T0.minusSeconds(60), 60, 30, false));      // open: not shown yet
        sendWindow(teamWindow("search", T0.minusSeconds(120), 60, 45, true));        // 0.75 g/s
        send(topics.intensity(), IntensityRecord.class, "DE", Records.intensity("DE", T0.minusSeconds(900), 310, false));
        // Hourly forecast from T0: the greenest one-hour window is 17:00-18:00 at 50 gCO2e/kWh.
        send(topics.intensityForecasts(), IntensityForecast.class, "DE",
                Records.forecast("DE", T0.minusSeconds(600), T0, 3600, 300, 200, 100, 150, 400, 50, 120, 180));
        SciWindow llm = sciWindow("llm-chat", "request", T0.minusSeconds(120), 60, 12.0, 0.6, 300, 0.042, true);
        SciWindow vision = sciWindow("vision", "inference", T0.minusSeconds(120), 60, 3.0, 0.2, 0, null, true);
        sendGarbage(topics.sci(), "not-avro");                                    // skipped, counted
        send(topics.sci(), SciWindow.class, sciKey(llm), llm);
        send(topics.sci(), SciWindow.class, sciKey(vision), vision);
        send(topics.alerts(), AlertEvent.class, "fp-research", alert("fp-research", "CarbonBudgetExhausted",
                AlertStatus.FIRING, "research", "team research has used 125% of its daily budget"));

        PolicyServerConfig config = PolicyServerConfig.builder(broker.bootstrapServers()).topics(topics).port(0)
                .clock(PolicyFixtures.CLOCK).refreshInterval(Duration.ofMillis(200))
                .streamHeartbeat(Duration.ofSeconds(2)).build();
        try (PolicyServer server = new PolicyServer(config, registry);
             HeadlessChromium browser = new HeadlessChromium(chromium.get(), 1280, 1000)) {
            server.start();
            assertThat(server.awaitCaughtUp(WAIT)).as("caught up within %s", WAIT).isTrue();

            // When the page is opened
            browser.open(server.liveViewUrl());
            browser.evaluate("window.__loadedOnce = true");

            // Then every section shows the records' values, with units
            await("team rates on the page").atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(text(browser, "#teams tr[data-team='search'] [data-field='rate']")).isEqualTo("0.75 g/s"));
            assertThat(text(browser, "#teams tr[data-team='research'] [data-field='rate']")).isEqualTo("2.5 g/s");
            assertThat(attr(browser, "#teams tr[data-team='research'] [data-field='window'] time", "datetime"))
                    .isEqualTo("2026-03-01T11:58:00Z");
            assertThat(text(browser, "#teams tr[data-team='research'] [data-field='budget-used']"))
                    .isEqualTo("125 % of budget");
            assertThat(text(browser, "#teams tr[data-team='research'] [data-field='spent']"))
                    .isEqualTo("1.25 kg of 1 kg (day, hard)");
            assertThat(text(browser, "#teams tr[data-team='research'] [data-field='burn-rate']")).isEqualTo("2.5×");
            assertThat(text(browser, "#teams tr[data-team='search'] [data-field='budget-used']"))
                    .isEqualTo("25 % of budget");

            await("zones on the page").atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(text(browser, "#zones [data-zone='DE'] [data-field='intensity-now']")).isEqualTo("310"));
            assertThat(attr(browser, "#zones [data-zone='DE'] [data-field='greenest-start'] time", "datetime"))
                    .isEqualTo("2026-03-01T17:00:00Z");
            assertThat(text(browser, "#zones [data-zone='DE'] [data-field='greenest-average']"))
                    .isEqualTo("50 gCO2e/kWh");
            assertThat(attr(browser, "#zones [data-zone='DE'] svg rect.greenest", "data-start"))
                    .isEqualTo("2026-03-01T17:00:00Z");
            assertThat(browser.evaluate("document.querySelectorAll(\"#zones [data-zone='DE'] svg path.series\").length")
                    .asInt()).isEqualTo(1);

            await("SCI on the page").atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(text(browser, "#sci tr[data-model='llm-chat'] [data-field='sci']"))
                            .isEqualTo("0.042 g per request"));
            assertThat(text(browser, "#sci tr[data-model='llm-chat'] [data-field='operational']")).isEqualTo("12 g");
            assertThat(text(browser, "#sci tr[data-model='llm-chat'] [data-field='units']")).isEqualTo("300 requests");
            assertThat(text(browser, "#sci tr[data-model='vision'] [data-field='sci']"))
                    .isEqualTo("no inferences counted");

            await("alerts on the page").atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(text(browser, "#alerts li[data-fingerprint='fp-research'] [data-field='name']"))
                            .isEqualTo("CarbonBudgetExhausted"));

            // When records arrive while the page is open
            long sent = System.nanoTime();
            sendWindow(teamWindow("research", T0.minusSeconds(60), 60, 180, true));      // closes: 3 g/s
            send(topics.alerts(), AlertEvent.class, "fp-search", alert("fp-search", "CarbonBudgetBurnRateHigh",
                    AlertStatus.FIRING, "search", "team search burns its budget 6x too fast"));

            // Then the page follows without a reload, the latest alert first
            await("updates on the page").atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(text(browser, "#teams tr[data-team='research'] [data-field='rate']")).isEqualTo("3 g/s");
                assertThat(text(browser, "#alerts li:first-child [data-field='name']"))
                        .isEqualTo("CarbonBudgetBurnRateHigh");
            });
            // A figure for the report, not an assertion: from the producer's flush to the page showing it.
            LOGGER.info("event=live_view_update_seen millis={}", (System.nanoTime() - sent) / 1_000_000);
            assertThat(browser.evaluate("window.__loadedOnce === true").asBoolean()).as("same page, no reload").isTrue();
            assertThat(browser.evaluate("document.querySelectorAll('.streams li.live').length").asInt()).isEqualTo(4);
            assertThat(server.liveStreamClients()).isEqualTo(4);
            assertThat(server.liveDecodeErrors()).containsEntry(topics.sci(), 1L);
            assertThat(browser.problems()).as("script errors and CSP violations").isEmpty();

            Path png = browser.screenshot(SCREENSHOT);
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).isGreaterThan(10_000);
            assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    private static String text(HeadlessChromium browser, String selector) throws Exception {
        JsonNode value = browser.evaluate("(() => { const e = document.querySelector(" + quote(selector)
                + "); return e ? e.textContent : null; })()");
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static String attr(HeadlessChromium browser, String selector, String name) throws Exception {
        JsonNode value = browser.evaluate("(() => { const e = document.querySelector(" + quote(selector)
                + "); return e ? e.getAttribute(" + quote(name) + ") : null; })()");
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
