package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.schemas.tls.TlsKeystore;
import static dev.carbonledger.sinks.testing.Records.T0;
import static dev.carbonledger.sinks.testing.Records.dayStatus;
import static dev.carbonledger.sinks.testing.Records.intensity;
import static dev.carbonledger.sinks.testing.Records.late;
import static dev.carbonledger.sinks.testing.Records.sample;
import static dev.carbonledger.sinks.testing.Records.total;
import static dev.carbonledger.sinks.testing.Records.totalKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerializer;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.testing.Exposition;
import dev.carbonledger.sinks.testing.MutableClock;
import dev.carbonledger.sinks.testing.Records;
import dev.carbonledger.sinks.testing.Promtool;
import dev.carbonledger.sinks.testing.TestTopics;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.OutageRegistry;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter on a real broker: records in the pipeline's topics, /metrics scraped over HTTP. */
@WithKafkaBroker
class MetricsExporterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GROUP = "carbon-ledger-accounting-it";
    private static final String LLAMA = "carbon_emissions_grams_total{grid_zone=\"DE\",model=\"llama\",namespace=\"training\",team=\"ml-platform\"}";
    private static final String OTHER = "carbon_emissions_grams_total{grid_zone=\"other\",model=\"other\",namespace=\"other\",team=\"other\"}";
    private static final String SEARCH = "carbon_emissions_grams_total{grid_zone=\"FR\",model=\"bert\",namespace=\"serving\",team=\"search\"}";

    private final KafkaTestBroker broker;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicNames topics;

    MetricsExporterIT(KafkaTestBroker broker) {
        this.broker = broker;
        // A fresh prefix per test: tests share the broker, not each other's records.
        this.topics = new TopicNames("it" + System.identityHashCode(this));
    }

    private void createTopics() {
        TestTopics.create(broker, topics.totals(), 4, Map.of("cleanup.policy", "compact"));
        TestTopics.create(broker, topics.intensity(), 1);
        TestTopics.create(broker, topics.late(), 2);
        TestTopics.create(broker, topics.deadLetter(), 1);
        TestTopics.create(broker, topics.samples(), 2);
        TestTopics.create(broker, topics.budgetStatus(), 1, Map.of("cleanup.policy", "compact"));
        TestTopics.create(broker, topics.sci(), 2);
    }

    private <T extends SpecificRecord> void send(String topic, Class<T> type, String key, List<T> values) {
        ConfluentAvroSerializer<T> serializer = new ConfluentAvroSerializer<>(registry, type, false);
        try (KafkaProducer<String, T> producer = broker.producer(new StringSerializer(), serializer)) {
            for (T value : values) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
    }

    private void sendToPartition(String topic, int partition, List<EnergySample> samples) {
        var serializer = new ConfluentAvroSerializer<>(registry, EnergySample.class, false);
        try (KafkaProducer<String, EnergySample> producer = broker.producer(new StringSerializer(), serializer)) {
            samples.forEach(s -> producer.send(new ProducerRecord<>(topic, partition, s.getPodUid(), s)));
            producer.flush();
        }
    }

    private void sendTotals(EmissionsTotal... totals) {
        for (EmissionsTotal t : totals) {
            send(topics.totals(), EmissionsTotal.class, totalKey(t), List.of(t));
        }
    }

    private ExporterConfig.Builder config() {
        return ExporterConfig.builder(broker.bootstrapServers())
                .topics(topics)
                .port(0)
                .refreshInterval(Duration.ofMillis(200))
                .lagGroups(List.of(GROUP))
                .sampleLookback(Duration.ofHours(1))
                .clock(Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static Map<String, Double> scrapeUntil(MetricsExporter exporter, String series, double value) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> Exposition.samples(Exposition.scrape(exporter.url())),
                        s -> Double.valueOf(value).equals(s.get(series))
                                && Double.valueOf(1.0).equals(s.get("carbon_pipeline_exporter_caught_up")));
    }

    @Test
    void shouldExposeTotalsIntensityAndPipelineHealthFromTheTopics() throws Exception {
        // Given
        createTopics();
        sendTotals(total("ml-platform", "llama", "training", "DE", 1.0e6, 100),
                total("ml-platform", "llama", "training", "DE", 3.6e6, 400),
                total("search", "bert", "serving", "FR", 7.2e5, 8));
        send(topics.intensity(), IntensityRecord.class, "DE", List.of(
                intensity("DE", T0.minusSeconds(3600), 380, false),
                intensity("DE", T0.minusSeconds(600), 410, false),
                intensity("DE", T0.plusSeconds(600), 120, true)));
        send(topics.late(), LateEmission.class, "search", List.of(late("search", 10, 0.25), late("search", 30, 0.75)));
        // Samples in every partition: the exporter then seeks each partition to a found offset (a regression:
        // seekToEnd with an empty collection once moved every partition to its end).
        sendToPartition(topics.samples(), 0, List.of(sample("node-a", T0.minusSeconds(90), 1),
                sample("node-a", T0.minusSeconds(45), 2)));
        sendToPartition(topics.samples(), 1, List.of(sample("node-b", T0.minusSeconds(20), 2)));
        try (KafkaProducer<byte[], byte[]> producer =
                broker.producer(new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> bad = new ProducerRecord<>(topics.deadLetter(), new byte[] {1}, new byte[] {9});
            bad.headers().add("__streams.errors.topic", topics.samples().getBytes(StandardCharsets.UTF_8));
            producer.send(bad);
            producer.flush();
        }
        send(topics.budgetStatus(), BudgetStatus.class, "research",
                List.of(dayStatus("research", BudgetTier.HARD, 1000, 1250, 2.5, null)));
        send(topics.sci(), SciWindow.class, "llama/request", List.of(
                Records.sci("llama", "request", T0.minusSeconds(120), 0.004),
                Records.sci("llama", "request", T0.minusSeconds(60), 0.003),
                Records.sci("llama", "request", T0, null)));
        commitGroupOffset(topics.samples(), 0, 0);

        // When
        try (MetricsExporter exporter = new MetricsExporter(config().build(), registry)) {
            exporter.start();
            Map<String, Double> samples = scrapeUntil(exporter,
                    "carbon_pipeline_consumer_lag_records{group=\"" + GROUP + "\",topic=\"" + topics.samples() + "\"}",
                    broker.endOffsets(topics.samples()).get(new TopicPartition(topics.samples(), 0)));

            // Then
            assertThat(exporter.isCaughtUp()).isTrue();
            assertThat(samples)
                    .containsEntry(LLAMA, 400.0)
                    .containsEntry(SEARCH, 8.0)
                    .containsEntry("carbon_energy_joules_total{grid_zone=\"DE\",model=\"llama\",namespace=\"training\",team=\"ml-platform\"}", 3.6e6)
                    .containsEntry("grid_carbon_intensity_grams_per_kilowatt_hour{grid_zone=\"DE\",provider=\"file\",signal=\"average\"}", 410.0)
                    .containsEntry("grid_carbon_intensity_actual_timestamp_seconds{grid_zone=\"DE\"}", seconds(T0.minusSeconds(600)))
                    .containsEntry("carbon_pipeline_late_pieces_total{team=\"search\"}", 2.0)
                    .containsEntry("carbon_pipeline_late_emissions_grams_total{team=\"search\"}", 1.0)
                    .containsEntry("carbon_pipeline_dead_letter_records_total{source_topic=\"" + topics.samples() + "\"}", 1.0)
                    .containsEntry("carbon_pipeline_input_samples_total", 3.0)
                    .containsEntry("carbon_pipeline_node_last_sample_timestamp_seconds{node=\"node-a\"}", seconds(T0.minusSeconds(45)))
                    .containsEntry("carbon_pipeline_node_last_sample_timestamp_seconds{node=\"node-b\"}", seconds(T0.minusSeconds(20)))
                    .containsEntry("carbon_pipeline_exporter_caught_up", 1.0);
            assertThat(scrapeUntil(exporter, "carbon_sci_grams_per_unit{model=\"llama\",unit=\"request\"}", 0.003))
                    .as("the latest window with a value").isNotNull();
            // Budget gauges come from the budget status topic, which is not part of the catch-up
            assertThat(scrapeUntil(exporter, "carbon_budget_used_ratio{period=\"day\",team=\"research\",tier=\"hard\"}",
                    1.25)).containsEntry("carbon_budget_burn_rate_ratio{period=\"day\",team=\"research\",tier=\"hard\"}", 2.5);
            Promtool.Result check = Promtool.checkMetrics(Exposition.scrape(exporter.url()));
            assertThat(check.output()).as("promtool check metrics on the live /metrics").isBlank();
            assertThat(check.exitCode()).isZero();
        }
    }

    @Test
    void shouldKeepCountersMonotonicAcrossAnExporterRestart() throws Exception {
        // Given an exporter that has exposed a total
        createTopics();
        sendTotals(total("ml-platform", "llama", "training", "DE", 3.6e6, 400));
        double before;
        try (MetricsExporter exporter = new MetricsExporter(config().build(), registry)) {
            exporter.start();
            before = scrapeUntil(exporter, LLAMA, 400.0).get(LLAMA);
        }

        // When the pipeline moves on while the exporter is down, and a new exporter starts
        sendTotals(total("ml-platform", "llama", "training", "DE", 4.0e6, 450));
        try (MetricsExporter exporter = new MetricsExporter(config().build(), registry)) {
            exporter.start();

            // Then its first exposed value already includes everything before the restart
            assertThat(exporter.awaitCaughtUp(WAIT)).isTrue();
            double first = Exposition.samples(Exposition.scrape(exporter.url())).get(LLAMA);
            assertThat(first).isEqualTo(450.0).isGreaterThanOrEqualTo(before);
        }
    }

    @Test
    void shouldWaitForAnUnavailableRegistryRatherThanSkipTotals() throws Exception {
        // Given totals written while the exporter's registry cannot be reached
        createTopics();
        sendTotals(total("ml-platform", "llama", "training", "DE", 3.6e6, 400));
        OutageRegistry outage = new OutageRegistry(registry);
        try (MetricsExporter exporter = new MetricsExporter(config().build(), outage)) {
            exporter.start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (outage.refused() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            // Then it has read nothing past the record it could not decode, and counts it as no decode error
            assertThat(outage.refused()).isGreaterThanOrEqualTo(3);
            assertThat(exporter.isCaughtUp()).as("the totals were not read to their end").isFalse();

            // When the registry answers again, the same record is read: the counter has its full value
            outage.up();
            assertThat(scrapeUntil(exporter, LLAMA, 400.0)).containsEntry(LLAMA, 400.0);
            assertThat(Exposition.scrape(exporter.url())).doesNotContain("carbon_pipeline_exporter_decode_errors_total{");
        }
    }

    @Test
    void shouldFoldSeriesBeyondTheBoundIntoOtherAndRetireIdleSeries() throws Exception {
        // Given a bound of two label combinations, both taken
        createTopics();
        sendTotals(total("ml-platform", "llama", "training", "DE", 3.6e6, 400),
                total("search", "bert", "serving", "FR", 7.2e5, 8));
        MutableClock clock = new MutableClock(T0);
        ExporterConfig config = config().clock(clock).maxEmissionSeries(2).seriesRetireAfter(Duration.ofMinutes(10))
                .build();

        try (MetricsExporter exporter = new MetricsExporter(config, registry)) {
            exporter.start();
            scrapeUntil(exporter, SEARCH, 8.0);

            // When two more combinations arrive
            sendTotals(total("ads", "gpt", "ads", "PL", 1.0e5, 30), total("research", "vit", "lab", "SE", 2.0e5, 12));

            // Then they are summed into "other", and the exposed series add up to the topic's total
            Map<String, Double> samples = scrapeUntil(exporter, OTHER, 42.0);
            Map<String, Double> grams = new java.util.TreeMap<>(samples);
            grams.keySet().removeIf(k -> !k.startsWith("carbon_emissions_grams_total{"));
            assertThat(grams).hasSize(3).containsEntry(OTHER, 42.0);
            assertThat(grams.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(450.0);
            assertThat(samples).containsEntry("carbon_pipeline_exporter_emission_combinations_over_limit_total", 2.0);

            // When only ml-platform's total moves on for ten minutes
            clock.advance(Duration.ofMinutes(5));
            sendTotals(total("ml-platform", "llama", "training", "DE", 4.0e6, 450));
            scrapeUntil(exporter, LLAMA, 450.0);
            clock.advance(Duration.ofMinutes(5));

            // Then the idle series are no longer exposed
            Map<String, Double> later = Exposition.samples(Exposition.scrape(exporter.url()));
            assertThat(later).containsEntry(LLAMA, 450.0).doesNotContainKey(SEARCH).doesNotContainKey(OTHER);
        }
    }

    @Test
    void shouldRequireBasicAuthWhenConfigured() throws Exception {
        createTopics();
        ExporterConfig config = config().basicAuth(new ExporterConfig.BasicAuth("prometheus", "s3cret")).build();
        HttpClient http = HttpClient.newHttpClient();

        try (MetricsExporter exporter = new MetricsExporter(config, registry)) {
            exporter.start();
            URI url = exporter.url();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(url).header("Authorization", basic("prometheus", "nope"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> right = http.send(HttpRequest.newBuilder(url).header("Authorization", basic("prometheus", "s3cret"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).contains("# TYPE carbon_pipeline_exporter_caught_up gauge");
        }
    }

    @Test
    void shouldServeMetricsOverTlsWhenAKeystoreIsConfigured(@TempDir Path dir) throws Exception {
        createTopics();
        Path keystore = dir.resolve("metrics.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "metrics", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
        ExporterConfig config = config().tls(new TlsKeystore(keystore, "changeit", "PKCS12")).build();

        try (MetricsExporter exporter = new MetricsExporter(config, registry)) {
            exporter.start();
            HttpResponse<String> response = HttpClient.newBuilder().sslContext(clientTls).build()
                    .send(HttpRequest.newBuilder(exporter.url()).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(exporter.url().getScheme()).isEqualTo("https");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("# TYPE carbon_pipeline_exporter_caught_up gauge");
        }
    }

    private static double seconds(java.time.Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void commitGroupOffset(String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of("group.id", GROUP))) {
            consumer.commitSync(Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        }
    }
}
