package dev.carbonledger.schemas.registry;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link SchemaStore} persists its changes: an append-only log of entries, replayed in order on start.
 * The Kafka implementation (the registry module's {@code KafkaSchemaLog}) keeps them in a compacted topic so ids survive a restart;
 * {@link #inMemory()} keeps nothing beyond the process.
 */
public interface SchemaLog extends Closeable {

    /** Every entry written so far, in write order (for a compacted log: at least the latest per key). */
    List<SchemaLogEntry> readAll();

    /** Durably appends the entry; returns only once it is stored (or throws). */
    void append(SchemaLogEntry entry);

    @Override
    default void close() {}

    /** A log held in memory only, for tests and for the in-memory client. */
    static SchemaLog inMemory() {
        return new SchemaLog() {
            private final List<SchemaLogEntry> entries = new ArrayList<>();

            @Override
            public synchronized List<SchemaLogEntry> readAll() {
                return List.copyOf(entries);
            }

            @Override
            public synchronized void append(SchemaLogEntry entry) {
                entries.add(entry);
            }
        };
    }
}
