package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.SingleNodeSettings;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Locale;

/**
 * A {@link KafkaTestBroker} backed by the official {@code apache/kafka} image through Testcontainers, for
 * machines with a Docker engine. Declare the container in the test and let Testcontainers run it:
 * <pre>{@code
 * @Testcontainers(disabledWithoutDocker = true)
 * class RoundTripContainerIT {
 *     @Container
 *     static final KafkaContainer KAFKA = ContainerKafkaBroker.newContainer();
 *     ... KafkaTestBroker broker = ContainerKafkaBroker.of(KAFKA);
 * }
 * }</pre>
 * Without Docker, {@code disabledWithoutDocker} turns the class into a skip.
 */
public final class ContainerKafkaBroker extends AbstractKafkaTestBroker {

    /** System property overriding {@link #DEFAULT_IMAGE}. */
    public static final String IMAGE_PROPERTY = "carbonledger.kafka.image";
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    /** The image to run: {@value #DEFAULT_IMAGE} unless {@value #IMAGE_PROPERTY} names another. */
    public static DockerImageName image() {
        return DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("apache/kafka");
    }

    /**
     * A new, not yet started container with the same single-node settings as the in-JVM brokers
     * ({@code KAFKA_*} environment variables of the apache/kafka image).
     */
    public static KafkaContainer newContainer() {
        KafkaContainer container = new KafkaContainer(image());
        SingleNodeSettings.serverProperties(BrokerConfig.DEFAULT_PARTITIONS)
                .forEach((key, value) -> container.withEnv(environmentName(key), value));
        return container;
    }

    /** Wraps a container; it must be started before the broker's clients are used. */
    public static ContainerKafkaBroker of(KafkaContainer container) {
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        if (!container.isRunning()) {
            throw new IllegalStateException("Kafka container " + container.getDockerImageName() + " is not running");
        }
        return container.getBootstrapServers();
    }

    /** Closes the shared admin client; the container's lifecycle stays with Testcontainers. */
    @Override
    public synchronized void close() {
        super.close();
    }

    /** {@code transaction.state.log.min.isr} becomes {@code KAFKA_TRANSACTION_STATE_LOG_MIN_ISR}. */
    static String environmentName(String serverProperty) {
        return "KAFKA_" + serverProperty.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
