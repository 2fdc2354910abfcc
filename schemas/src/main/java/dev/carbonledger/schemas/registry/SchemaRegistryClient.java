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

    @Override
    default void close() {}
}
