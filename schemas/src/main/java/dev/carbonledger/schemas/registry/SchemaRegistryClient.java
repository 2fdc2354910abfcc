package dev.carbonledger.schemas.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API the pipeline needs. Implementations: a REST client
 * (Confluent SR, Apicurio ccompat, Karapace, Redpanda), the embedded registry's own store, and an
 * in-memory one for tests.
 */
public interface SchemaRegistryClient extends Closeable {

    /** Registers the schema under the subject (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with that global id; throws {@link SchemaRegistryException} if there is none. */
    Schema getById(int id);

    /** Whether the schema may be registered under the subject with the subject's compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    /** All subjects with at least one version. */
    List<String> subjects();

    /**
     * The id of a schema already registered under the subject, without registering it (used by serializers with
     * auto-registration off). Throws {@link SchemaRegistryException} with error code 40401 (no such subject) or
     * 40403 (schema not registered under it).
     */
    default int lookupId(String subject, Schema schema) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support lookupId");
    }

    /** The versions of a subject in ascending order; throws {@link SchemaRegistryException} 40401 if none. */
    default List<Integer> versions(String subject) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support versions");
    }

    /** The latest version of a subject; throws {@link SchemaRegistryException} 40401 if the subject is unknown. */
    default RegisteredSchema latest(String subject) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support latest");
    }

    @Override
    default void close() {}
}
