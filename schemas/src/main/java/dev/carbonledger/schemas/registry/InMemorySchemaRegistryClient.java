package dev.carbonledger.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry client over a {@link SchemaStore} in this process: the same rules as the embedded registry
 * (global ids, BACKWARD by default, Confluent error codes), no network. For unit tests and TopologyTestDriver, and
 * for the parts of the process that runs the embedded registry (its {@code localClient()}); other processes talk to
 * a registry through {@link RestSchemaRegistryClient}.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final SchemaStore store;
    private final Map<Integer, Schema> parsedById = new ConcurrentHashMap<>();

    /** A fresh, empty registry with BACKWARD compatibility. */
    public InMemorySchemaRegistryClient() {
        this(SchemaStore.inMemory());
    }

    /** A fresh, empty registry with the given default compatibility level. */
    public InMemorySchemaRegistryClient(CompatibilityLevel defaultLevel) {
        this(new SchemaStore(SchemaLog.inMemory(), defaultLevel));
    }

    /** A client over an existing store (for instance one shared with the embedded registry server). */
    public InMemorySchemaRegistryClient(SchemaStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The underlying store, e.g. to change compatibility levels in a test. */
    public SchemaStore store() {
        return store;
    }

    @Override
    public int register(String subject, Schema schema) {
        return store.register(subject, schema.toString()).id();
    }

    @Override
    public Schema getById(int id) {
        Schema cached = parsedById.get(id);
        if (cached != null) {
            return cached;
        }
        String text = store.schemaById(id).orElseThrow(() -> SchemaRegistryException.of(
                SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
        return parsedById.computeIfAbsent(id, k -> new Schema.Parser().parse(text));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return store.checkCompatibility(subject, schema.toString()).isEmpty();
    }

    @Override
    public List<String> subjects() {
        return store.subjects();
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        if (!store.hasSubject(subject)) {
            throw subjectNotFound(subject);
        }
        return store.lookup(subject, schema.toString()).orElseThrow(() -> SchemaRegistryException.of(
                SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found under subject '" + subject + "'")).id();
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = store.versions(subject);
        if (versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return versions;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return store.latest(subject).orElseThrow(() -> subjectNotFound(subject));
    }

    private static SchemaRegistryException subjectNotFound(String subject) {
        return SchemaRegistryException.of(SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }
}
