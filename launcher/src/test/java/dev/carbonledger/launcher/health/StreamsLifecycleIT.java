package dev.carbonledger.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbon-ledger streams} as Kubernetes runs it: the packaged jar in its own JVM against a real broker. Its
 * health endpoint says not ready, then ready once RUNNING; when the Kafka Streams client fails (a source topic is
 * deleted under it) the process exits non-zero with the reason in its log; SIGTERM closes it within the grace period.
 */
@WithKafkaBroker
class StreamsLifecycleIT {
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static EmbeddedSchemaRegistry registry;
    private final KafkaTestBroker kafka;

    @TempDir
    Path stateDir;

    StreamsLifecycleIT(KafkaTestBroker kafka) {
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

    @Test
    void shouldExitNonZeroWithTheReasonWhenTheStreamsClientFails() throws Exception {
        // Given a running streams app, ready on its health port
        TopicNames topics = new TopicNames("fail" + UUID.randomUUID().toString().substring(0, 8));
        kafka.createTopics(topics.all(1));
        int port = ChildProcess.freePort();
        try (ChildProcess child = startStreams(topics, port)) {
            String base = "http://127.0.0.1:" + port;
            awaitReady(child, base);
            assertThat(ChildProcess.status(base + "/livez")).isEqualTo(200);
            String metrics = ChildProcess.body(base + "/metrics");
            assertThat(metrics).contains("carbon_ledger_streams_state{state=\"RUNNING\"} 1.0")
                    .contains("carbon_ledger_build_info{component=\"streams\"")
                    .contains("carbon_ledger_streams_records_processed_total")
                    .contains("carbon_ledger_kafka_streams_alive_stream_threads{client_id=")
                    .contains("jvm_memory_used_bytes");

            // When a topic it reads disappears
            kafka.admin().deleteTopics(List.of(topics.samples())).all().get(30, TimeUnit.SECONDS);

            // Then it exits 1, saying why
            assertThat(child.process.waitFor(120, TimeUnit.SECONDS)).as("exits after the client failed").isTrue();
            String out = child.allOutput();
            assertThat(child.process.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("to ERROR").contains("carbon-ledger streams: failed: accounting failed:");
        }
    }

    @Test
    void shouldCloseWithinTheGracePeriodOnSigterm() throws Exception {
        TopicNames topics = new TopicNames("term" + UUID.randomUUID().toString().substring(0, 8));
        kafka.createTopics(topics.all(1));
        int port = ChildProcess.freePort();
        try (ChildProcess child = startStreams(topics, port)) {
            awaitReady(child, "http://127.0.0.1:" + port);

            assertThat(child.process.toHandle().destroy()).as("SIGTERM sent").isTrue();

            assertThat(child.process.waitFor(40, TimeUnit.SECONDS)).as("exits within the 20 s grace period (+ JVM exit)").isTrue();
            String out = child.allOutput();
            assertThat(child.process.exitValue()).as(out).isIn(0, 143);
            assertThat(out).contains("event=stop_requested").contains("stopped service=accounting")
                    .contains("stopped service=health-server").doesNotContain("event=shutdown_timeout");
        }
    }

    private ChildProcess startStreams(TopicNames topics, int port) throws Exception {
        ChildProcess child = ChildProcess.launch(Map.of("CARBON_LEDGER_SHUTDOWN_GRACE", "20s"), "streams",
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--topic-prefix", topics.prefix(), "--state-dir", stateDir.toString(),
                "--health-host", "127.0.0.1", "--health-port", Integer.toString(port));
        return child;
    }

    private static void awaitReady(ChildProcess child, String base) {
        await("streams /readyz 200").atMost(READY_LIMIT).pollInterval(Duration.ofMillis(250))
                .failFast("streams exited: " + child.output, () -> !child.process.isAlive())
                .until(() -> ChildProcess.status(base + "/readyz") == 200);
    }
}
