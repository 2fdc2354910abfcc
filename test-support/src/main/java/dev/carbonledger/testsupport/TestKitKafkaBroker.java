package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.SingleNodeSettings;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One combined KRaft node started inside the test JVM with Kafka's own test kit. Unlike
 * {@code EmbeddedKafkaBroker}, a fatal fault here fails the test instead of halting the JVM (the test kit
 * installs mock fault handlers), and its listener ports are chosen and bound by the test kit.
 *
 * <p>The test kit's test-only defaults are replaced by production ones: the bootstrap metadata version is
 * {@link MetadataVersion#latestProduction()}, unstable API and feature versions are off and startup is
 * bounded by {@link #STARTUP_TIMEOUT}. The single-node settings of {@link SingleNodeSettings} apply.
 */
public final class TestKitKafkaBroker extends AbstractKafkaTestBroker {

    private static final Logger LOGGER = LoggerFactory.getLogger(TestKitKafkaBroker.class);

    /** Upper bound for format + startup + readiness. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** In combined mode the test kit numbers its only node 0. */
    private static final int NODE_ID = 0;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Duration startupDuration;

    private TestKitKafkaBroker(KafkaClusterTestKit cluster, Duration startupDuration) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
        this.startupDuration = startupDuration;
    }

    /**
     * Formats and starts a broker whose data lives under {@code baseDir}, and waits until it is ready.
     *
     * @param baseDir fresh directory for this broker; deleted on {@link #close()}
     * @param serverOverrides extra Kafka server properties, applied last
     */
    public static TestKitKafkaBroker start(Path baseDir, Map<String, String> serverOverrides) {
        long startNanos = System.nanoTime();
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setBaseDirectory(baseDir)
                // Per-server properties are the only way past the test kit's fixed 10-minute startup limit.
                .setPerServerProperties(Map.of(NODE_ID, Map.of(
                        "server.max.startup.time.ms", Long.toString(STARTUP_TIMEOUT.toMillis()))))
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        SingleNodeSettings.serverProperties(BrokerConfig.DEFAULT_PARTITIONS).forEach(builder::setConfigProp);
        builder.setConfigProp("unstable.api.versions.enable", "false");
        builder.setConfigProp("unstable.feature.versions.enable", "false");
        serverOverrides.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = null;
        try {
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Kafka test kit broker failed to start in " + baseDir + ": " + e, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        LOGGER.info("event=test_broker_started bootstrap_servers={} base_dir={} start_ms={}",
                cluster.bootstrapServers(), baseDir, took.toMillis());
        return new TestKitKafkaBroker(cluster, took);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Time from {@link #start} until the broker was ready. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /** The underlying test kit, for fault-handler checks or low-level access. */
    public KafkaClusterTestKit testKit() {
        return cluster;
    }

    /** Closes the shared admin, stops the broker and deletes its directory. */
    @Override
    public void close() {
        super.close();
        long startNanos = System.nanoTime();
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Kafka test kit broker did not shut down cleanly: " + e, e);
        }
        LOGGER.info("event=test_broker_stopped bootstrap_servers={} stop_ms={}", bootstrapServers,
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        // The test kit records fatal faults instead of halting: surface them here.
        cluster.fatalFaultHandler().maybeRethrowFirstException();
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOGGER.warn("event=test_broker_close_after_failed_start_failed error={}", e.toString());
        }
    }
}
