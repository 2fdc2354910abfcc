package dev.carbonledger.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts one Kafka broker per test class ({@link TestKitKafkaBroker}: fresh data directory, ephemeral
 * ports) and stops it after the class. Nested classes share their outer class's broker.
 *
 * <p>Either annotate the class with {@link WithKafkaBroker} and take a {@link KafkaTestBroker} parameter
 * (constructor, lifecycle or test method), or register it on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.broker().createTopic("t", 4);
 * }</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String BROKER_KEY = "broker";

    private final Map<String, String> serverOverrides = new LinkedHashMap<>();
    private volatile KafkaTestBroker broker;

    /** Adds a Kafka server property for the broker of this extension (before it starts). */
    public KafkaBrokerExtension withServerProperty(String key, String value) {
        serverOverrides.put(key, value);
        return this;
    }

    /**
     * The broker of the running test class.
     *
     * @throws IllegalStateException outside a test class lifecycle, or on a non-static field
     */
    public KafkaTestBroker broker() {
        KafkaTestBroker current = broker;
        if (current == null) {
            throw new IllegalStateException("No Kafka broker: register KafkaBrokerExtension on a static field"
                    + " with @RegisterExtension, and call broker() from a test or lifecycle method");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        // Store.get also looks in the enclosing class's store: nested classes reuse the outer broker.
        TestKitKafkaBroker existing = store.get(BROKER_KEY, TestKitKafkaBroker.class);
        if (existing != null) {
            broker = existing;
            return;
        }
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("carbon-ledger-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data directory for the test broker", e);
        }
        TestKitKafkaBroker started = TestKitKafkaBroker.start(baseDir, serverOverrides);
        // An AutoCloseable value is closed when the class's store closes, after all its tests.
        store.put(BROKER_KEY, started);
        broker = started;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaTestBroker.class || type == TestKitKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestKitKafkaBroker current = extensionContext.getStore(NAMESPACE).get(BROKER_KEY, TestKitKafkaBroker.class);
        if (current == null) {
            throw new ParameterResolutionException("No Kafka broker for " + parameterContext.getParameter()
                    + ": KafkaBrokerExtension starts it before all tests of the class");
        }
        return current;
    }
}
