package dev.carbonledger.streams.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A global, in-memory store of decoded reference data (pods, nodes, intensity timelines) keyed by String. It
 * holds plain Java objects so the hot path never deserializes Avro. Filled only by its global update processor,
 * also on restore: Kafka Streams 4.3 re-processes global topics through the custom processor on restoration
 * (KAFKA-7663, {@code reprocessOnRestore}). Not persistent: it is rebuilt from the (small, compacted) topic at
 * every start. One writer (the global thread), many concurrent readers (stream threads).
 */
public final class ReferenceStore<V> implements StateStore {
    private final String name;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private volatile boolean open;

    public ReferenceStore(String name) {
        this.name = name;
    }

    public V get(String key) {
        return key == null ? null : values.get(key);
    }

    public void put(String key, V value) {
        values.put(key, value);
    }

    public V computeIfAbsent(String key, java.util.function.Function<String, V> f) {
        return values.computeIfAbsent(key, f);
    }

    public void delete(String key) {
        values.remove(key);
    }

    public int size() {
        return values.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
            throw new IllegalStateException("global store '" + name + "' must be restored by re-processing its"
                    + " topic through its update processor, not by raw bytes");
        });
        open = true;
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    @Override
    public void close() {
        open = false;
        values.clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** A builder for a global reference store (logging and caching are always off). */
    public static <V> StoreBuilder<ReferenceStore<V>> builder(String name) {
        return new StoreBuilder<>() {
            @Override public StoreBuilder<ReferenceStore<V>> withCachingEnabled() { return this; }
            @Override public StoreBuilder<ReferenceStore<V>> withCachingDisabled() { return this; }
            @Override public StoreBuilder<ReferenceStore<V>> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException("global reference store '" + name + "' is restored from its source topic");
            }
            @Override public StoreBuilder<ReferenceStore<V>> withLoggingDisabled() { return this; }
            @Override public ReferenceStore<V> build() { return new ReferenceStore<>(name); }
            @Override public Map<String, String> logConfig() { return Map.of(); }
            @Override public boolean loggingEnabled() { return false; }
            @Override public String name() { return name; }
        };
    }
}
