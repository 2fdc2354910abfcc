package dev.carbonledger.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RegistriesTest {
    @Test
    void shouldWaitWhileTheRegistryCannotBeReachedAndReturnOnceItAnswers() throws InterruptedException {
        Answering registry = new Answering(3, new SchemaRegistryException("GET /subjects failed", -1, -1,
                new ConnectException("Connection refused")));

        Registries.awaitReachable(registry, "http://registry:8081", Duration.ofMillis(1));

        assertThat(registry.calls).hasValue(4);
    }

    @Test
    void shouldCountAnErrorAnswerAsReachable() throws InterruptedException {
        Answering registry = new Answering(Integer.MAX_VALUE, SchemaRegistryException.of(40301, "forbidden"));

        Registries.awaitReachable(registry, "http://registry:8081", Duration.ofMillis(1));

        assertThat(registry.calls).as("a 403 is for the calls that need the registry to say").hasValue(1);
    }

    /** Fails {@code failures} times with {@code failure}, then answers. */
    private static final class Answering implements SchemaRegistryClient {
        private final InMemorySchemaRegistryClient delegate = new InMemorySchemaRegistryClient();
        private final int failures;
        private final SchemaRegistryException failure;
        final AtomicInteger calls = new AtomicInteger();

        Answering(int failures, SchemaRegistryException failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public List<String> subjects() {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return delegate.subjects();
        }

        @Override
        public int register(String subject, Schema schema) {
            return delegate.register(subject, schema);
        }

        @Override
        public Schema getById(int id) {
            return delegate.getById(id);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
            return delegate.isCompatible(subject, schema);
        }
    }
}
