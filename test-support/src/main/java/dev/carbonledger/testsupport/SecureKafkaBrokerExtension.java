package dev.carbonledger.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@link SecureKafkaBroker} per test class, register it on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final SecureKafkaBrokerExtension KAFKA = new SecureKafkaBrokerExtension("collector", "streams");
 * ... KAFKA.broker().saslClientProperties("collector") ...
 * }</pre>
 */
public final class SecureKafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final List<String> principals;
    private volatile SecureKafkaBroker broker;

    /** @param principals users besides {@value SecureKafkaBroker#ADMIN}, each with a password and a certificate */
    public SecureKafkaBrokerExtension(String... principals) {
        this.principals = List.of(principals);
    }

    /**
     * The broker of the running test class.
     *
     * @throws IllegalStateException outside the class lifecycle
     */
    public SecureKafkaBroker broker() {
        SecureKafkaBroker current = broker;
        if (current == null) {
            throw new IllegalStateException("No secure Kafka broker: register SecureKafkaBrokerExtension on a"
                    + " static field with @RegisterExtension, and call broker() from a test or lifecycle method");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker != null) {
            return;   // a nested class: keep the outer class's broker
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("carbon-ledger-secure-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the secure test broker", e);
        }
        broker = SecureKafkaBroker.start(dir, principals);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestClass().map(c -> c.getEnclosingClass() != null && c.isMemberClass()
                && !java.lang.reflect.Modifier.isStatic(c.getModifiers())).orElse(false)) {
            return;   // nested: the outer class closes it
        }
        SecureKafkaBroker current = broker;
        broker = null;
        if (current != null) {
            current.close();
        }
    }
}
