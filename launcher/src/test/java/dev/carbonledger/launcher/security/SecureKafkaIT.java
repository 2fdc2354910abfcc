package dev.carbonledger.launcher.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.collectors.publisher.CollectorPublisher;
import dev.carbonledger.collectors.publisher.CollectorSerializers;
import dev.carbonledger.collectors.publisher.SerializerFactory;
import dev.carbonledger.launcher.CommandLines;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import dev.carbonledger.testsupport.EnergySamples;
import dev.carbonledger.testsupport.Intensities;
import dev.carbonledger.testsupport.Nodes;
import dev.carbonledger.testsupport.Pods;
import dev.carbonledger.testsupport.SecureKafkaBroker;
import dev.carbonledger.testsupport.SecureKafkaBrokerExtension;
import dev.carbonledger.testsupport.TestTime;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on real secured listeners with an authorizer and only the ACLs {@code carbon-ledger acls --apply}
 * grants: the collector's publisher and the exactly-once accounting app over SASL_SSL (SCRAM-SHA-512) and over
 * mutual TLS, a principal refused what it was not granted, and a wrong password. Topics and ACLs are made by the
 * real launcher commands with a {@code --kafka-config} file, so the launcher's Kafka options are proven to carry
 * SASL and TLS settings to its admin clients.
 */
class SecureKafkaIT {

    @RegisterExtension
    static final SecureKafkaBrokerExtension KAFKA = new SecureKafkaBrokerExtension("collector", "streams", "sinks");

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void shouldAccountEndToEndOverSaslSslWithOnlyTheDocumentedAcls() throws Exception {
        SecureKafkaBroker broker = KAFKA.broker();
        Path admin = propertiesFile("admin-sasl.properties", broker.saslClientProperties(SecureKafkaBroker.ADMIN));

        runPipeline("sasl", broker.saslSslBootstrapServers(), admin, broker.saslClientProperties("collector"),
                broker.saslClientProperties("streams"), broker.saslClientProperties("sinks"));
    }

    @Test
    void shouldAccountEndToEndOverMutualTlsWithOnlyTheDocumentedAcls() throws Exception {
        SecureKafkaBroker broker = KAFKA.broker();
        Path admin = propertiesFile("admin-mtls.properties", broker.mtlsClientProperties(SecureKafkaBroker.ADMIN));

        runPipeline("mtls", broker.sslBootstrapServers(), admin, broker.mtlsClientProperties("collector"),
                broker.mtlsClientProperties("streams"), broker.mtlsClientProperties("sinks"));
    }

    @Test
    void shouldRefuseTheCollectorWhatItWasNotGranted() throws Exception {
        // Given the collector's documented ACLs on the default topic names
        SecureKafkaBroker broker = KAFKA.broker();
        Path admin = propertiesFile("admin-deny.properties", broker.saslClientProperties(SecureKafkaBroker.ADMIN));
        String bootstrap = broker.saslSslBootstrapServers();
        assertThat(launcher("topics", "create", "--bootstrap-servers", bootstrap, "--kafka-config", admin.toString(),
                "--partitions", "1").exitCode()).isZero();
        assertThat(launcher("acls", "--apply", "--principal", "User:collector", "--component", "collector",
                "--bootstrap-servers", bootstrap, "--kafka-config", admin.toString()).exitCode()).isZero();
        TopicNames topics = TopicNames.defaults();

        // When / Then: reading the ledger over SASL_SSL fails at once, it does not hang
        Map<String, Object> reader = new HashMap<>(broker.saslClientProperties("collector"));
        reader.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-snooping");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(reader, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.ledger()));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOfAny(TopicAuthorizationException.class,
                    org.apache.kafka.common.errors.GroupAuthorizationException.class);
        }
        // ... and so does writing a budget over mutual TLS (the producer itself may write: its own topics work)
        Map<String, Object> writer = new HashMap<>(broker.mtlsClientProperties("collector"));
        writer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(writer, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topics.pods(), "allowed", "x")).get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topics.budgets(), "research", "x"))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .cause().hasMessageContaining(topics.budgets());
        }
        // ... and a launcher command run as the collector says what was refused, in one line, exit 1
        Path collector = propertiesFile("collector-sasl.properties", broker.saslClientProperties("collector"));
        CommandLines.Run run = launcher("topics", "create", "--bootstrap-servers", bootstrap, "--kafka-config",
                collector.toString(), "--topic-prefix", "collector-made", "--partitions", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("carbon-ledger topics: failed:").containsIgnoringCase("authoriz")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldReportAWrongPasswordAsAnAuthenticationFailure() throws Exception {
        SecureKafkaBroker broker = KAFKA.broker();
        String wrong = "wrong-password-" + System.nanoTime();
        Path config = propertiesFile("wrong.properties", broker.saslClientProperties("collector", wrong));

        long start = System.nanoTime();
        CommandLines.Run run = launcher("topics", "describe", "--bootstrap-servers", broker.saslSslBootstrapServers(),
                "--kafka-config", config.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Authentication failed").contains("SCRAM-SHA-512")
                .doesNotContain(wrong).doesNotContain(broker.password("collector"));
        assertThat(run.out()).doesNotContain(wrong);
        // Not a hang: the failure is final, not retried until some timeout (generous bound for a loaded machine)
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    /**
     * Topics and ACLs by the launcher as admin, then collector -> accounting app -> ledger -> exporter, each under its
     * own principal.
     */
    private void runPipeline(String prefix, String bootstrap, Path adminConfig, Map<String, Object> collectorProps,
                             Map<String, Object> streamsProps, Map<String, Object> sinksProps) throws Exception {
        TopicNames topics = new TopicNames(prefix);
        String applicationId = prefix + "-accounting";
        CommandLines.Run created = launcher("topics", "create", "--bootstrap-servers", bootstrap,
                "--kafka-config", adminConfig.toString(), "--topic-prefix", prefix, "--partitions", "2");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("created 20 topics");
        for (String component : List.of("collector", "streams", "sinks")) {
            CommandLines.Run acls = launcher("acls", "--apply", "--principal", "User:" + component, "--component",
                    component, "--bootstrap-servers", bootstrap, "--kafka-config", adminConfig.toString(),
                    "--topic-prefix", prefix, "--application-id", applicationId);
            assertThat(acls.exitCode()).as(acls.err()).isZero();
            assertThat(acls.out()).contains("applied ");
        }

        SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        try (CollectorPublisher publisher = CollectorPublisher.create(collectorProps, topics, serializers(registry),
                Clock.systemUTC())) {
            publisher.publish(Pods.aPod("p1").team("research").model("m1").namespace("ml").node("n1").build());
            publisher.publish(Nodes.aNode("n1").zone("DE").pue(1.0).build());
            publisher.publish(Intensities.anIntensity("DE").from(TestTime.T0.minusSeconds(3600)).gCo2ePerKwh(360)
                    .build());
            publisher.flush();
            assertThat(publisher.stats().failedSends()).isZero();

            Properties streams = new Properties();
            streams.putAll(streamsProps);
            try (AccountingApp app = new AccountingApp(AccountingOptions.builder().topics(topics)
                    .window(Duration.ofMinutes(1)).build(), AccountingSerdes.avro(registry), streams, applicationId,
                    dir.resolve("state-" + prefix), 1, Duration.ofMillis(100))) {
                app.start();
                app.awaitRunning(WAIT);
                publisher.publish(EnergySamples.aSample().forPod("p1").component("package").node("n1")
                        .at(TestTime.T0).joules(0).build());
                publisher.publish(EnergySamples.aSample().forPod("p1").component("package").node("n1")
                        .at(TestTime.t0PlusSeconds(30)).joules(3.6e6).build());
                publisher.flush();
                assertThat(publisher.stats().failedSends()).isZero();

                // Then: exactly one ledger entry for the one interval, 1 kWh at 360 g/kWh, read as the super user
                List<ConsumerRecord<String, byte[]>> ledger = KAFKA.broker().consumeUntil(topics.ledger(),
                        new StringDeserializer(), new ByteArrayDeserializer(), 1, WAIT);
                assertThat(ledger).hasSize(1);
                LedgerEntry entry = AccountingSerdes.avro(registry).ledger().deserializer()
                        .deserialize(topics.ledger(), ledger.get(0).value());
                assertThat(entry.getEnergyJoules()).isEqualTo(3.6e6);
                assertThat(entry.getCo2eGrams()).isCloseTo(360.0, org.assertj.core.data.Offset.offset(1e-6));
                assertThat(app.metrics().deadLettered()).isZero();

                // ... and the exporter, as the read-only sinks principal, serves the team's emissions
                Properties sinks = new Properties();
                sinks.putAll(sinksProps);
                try (MetricsExporter exporter = Components.exporter(sinks, topics, registry, "127.0.0.1", 0)) {
                    assertThat(exporter.awaitCaughtUp(WAIT)).isTrue();
                    assertThat(scrapeUntil(exporter.url(), "team=\"research\"")).contains("team=\"research\"");
                }
            }
        }
    }

    /** Scrapes until the body contains {@code expected}, or returns the last body after the wait. */
    private static String scrapeUntil(URI url, String expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !body.contains(expected)) {
            body = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(200);
        }
        return body;
    }

    private static CollectorSerializers serializers(SchemaRegistryClient registry) {
        return CollectorSerializers.using(new SerializerFactory() {
            @Override
            public <T extends SpecificRecord> Serializer<T> valueSerializer(Class<T> type) {
                return ConfluentAvroSerde.forValues(registry, type).serializer();
            }
        });
    }

    private static CommandLines.Run launcher(String... args) {
        return CommandLines.run(Map.of(), args);
    }

    private Path propertiesFile(String name, Map<String, Object> settings) throws IOException {
        Properties p = new Properties();
        settings.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "client settings for " + name);
        }
        return file;
    }
}
