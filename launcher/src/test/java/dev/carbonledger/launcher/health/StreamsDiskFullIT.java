package dev.carbonledger.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.topics.CarbonTopics;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbon-ledger streams} with its state directory on a disk that is full: a real 1 MiB tmpfs filled to the
 * last byte (writes fail with ENOSPC), so the test needs root with CAP_SYS_ADMIN and is skipped without it. Every
 * store of the topology is in memory and restored from its changelog, and Kafka Streams creates no state directory
 * for a topology without persistent stores: the app runs, survives a kill -9 in the middle of its work and resumes
 * exactly-once (every interval in the ledger once, joules conserved), and writes nothing to the full disk
 * (docs/operations.md, "When the disk fills").
 */
@WithKafkaBroker
class StreamsDiskFullIT {
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final double JOULES_PER_SECOND = 10;
    private static final int FIRST_RUN_SAMPLES = 100;
    private static final int SECOND_RUN_SAMPLES = 500;
    private static EmbeddedSchemaRegistry registry;
    private final KafkaTestBroker kafka;

    @TempDir
    Path work;
    private Path disk;

    StreamsDiskFullIT(KafkaTestBroker kafka) {
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

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectory(work.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " + output.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRunAndResumeExactlyOnceWithItsStateDirectoryOnAFullDisk() throws Exception {
        // Given a disk that is full: the next write fails with "No space left on device"
        fill(disk.resolve("filler"));
        assertThatThrownBy(() -> Files.writeString(disk.resolve("probe"), "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        long freeBefore = Files.getFileStore(disk).getUsableSpace();
        Path stateDir = disk.resolve("streams-state");
        TopicNames topics = new TopicNames("full" + UUID.randomUUID().toString().substring(0, 8));
        kafka.createTopics(topics.all(1));
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        try (RestSchemaRegistryClient client = RestSchemaRegistryClient.of(registry.url().toString())) {
            CarbonTopics typed = new CarbonTopics(topics, client);
            send(typed, base, 0, FIRST_RUN_SAMPLES, true);

            // When the streams app runs with its state directory there, is killed (-9) while it works through more
            // samples, and is started again
            int port = ChildProcess.freePort();
            try (ChildProcess first = startStreams(topics, stateDir, port)) {
                awaitReady(first, port);
                ledger(typed, FIRST_RUN_SAMPLES - 1);
                send(typed, base, FIRST_RUN_SAMPLES, SECOND_RUN_SAMPLES, false);
                first.process.destroyForcibly();
                assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).as("killed").isTrue();
                assertThat(first.allOutput()).doesNotContain("No space left").doesNotContain("ProcessorStateException");
            }
            List<ConsumerRecord<String, LedgerEntry>> ledger;
            try (ChildProcess second = startStreams(topics, stateDir, port)) {
                awaitReady(second, port);
                ledger = ledger(typed, FIRST_RUN_SAMPLES + SECOND_RUN_SAMPLES - 1);
                assertThat(String.join("\n", second.output)).doesNotContain("No space left").doesNotContain("ProcessorStateException");
            }

            // Then every interval is in the ledger once, the series state survived (no second baseline), and the
            // joules are the counter's increase: nothing lost, nothing doubled
            int intervals = FIRST_RUN_SAMPLES + SECOND_RUN_SAMPLES - 1;
            assertThat(ledger).hasSize(intervals);
            assertThat(ledger.stream().map(r -> r.value().getIntervalEnd()).distinct()).hasSize(intervals);
            assertThat(ledger.stream().mapToDouble(r -> r.value().getEnergyJoules()).sum())
                    .isEqualTo(intervals * JOULES_PER_SECOND);
            assertThat(ledger).allSatisfy(r -> assertThat(r.value().getTeam()).isEqualTo("search"));
            // and the full disk was never written to
            assertThat(stateDir).doesNotExist();
            assertThat(Files.getFileStore(disk).getUsableSpace()).isEqualTo(freeBefore);
        }
    }

    private List<ConsumerRecord<String, LedgerEntry>> ledger(CarbonTopics typed, int intervals) {
        return kafka.consumeUntil(typed.ledger().name(), new StringDeserializer(),
                typed.ledger().valueSerde().deserializer(), intervals, Duration.ofSeconds(120));
    }

    /** One sample a second of one pod's package counter (10 W); the pod's metadata first when asked. */
    private void send(CarbonTopics typed, Instant base, int from, int count, boolean withPod) {
        try (KafkaProducer<String, PodMetadata> pods = kafka.producer(new StringSerializer(), typed.pods().valueSerde().serializer());
                KafkaProducer<String, EnergySample> samples = kafka.producer(new StringSerializer(),
                        typed.samples().valueSerde().serializer())) {
            if (withPod) {
                pods.send(new ProducerRecord<>(typed.pods().name(), "p1",
                        new PodMetadata("p1", "ml", "p1-name", null, "search", "bert", null, Map.of())));
                pods.flush();
            }
            for (int i = from; i < from + count; i++) {
                Instant ts = base.plusSeconds(i);
                samples.send(new ProducerRecord<>(typed.samples().name(), null, ts.toEpochMilli(), "p1",
                        new EnergySample("p1", "package", "n1", ts, i * JOULES_PER_SECOND, "disk-full-it")));
            }
        }
    }

    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    private ChildProcess startStreams(TopicNames topics, Path stateDir, int port) throws Exception {
        return ChildProcess.launch(Map.of("CARBON_LEDGER_SHUTDOWN_GRACE", "20s"), "streams",
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url().toString(),
                "--topic-prefix", topics.prefix(), "--state-dir", stateDir.toString(),
                "--health-host", "127.0.0.1", "--health-port", Integer.toString(port));
    }

    private static void awaitReady(ChildProcess child, int port) {
        await("streams /readyz 200").atMost(READY_LIMIT).pollInterval(Duration.ofMillis(250))
                .failFast("streams exited: " + child.output, () -> !child.process.isAlive())
                .until(() -> ChildProcess.status("http://127.0.0.1:" + port + "/readyz") == 200);
    }
}
