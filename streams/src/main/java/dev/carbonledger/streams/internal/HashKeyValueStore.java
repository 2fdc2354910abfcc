package dev.carbonledger.streams.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store on a {@link HashMap}: O(1) point lookups, where Kafka's in-memory store is a
 * sorted map (O(log n) byte-array comparisons). For the series state, which is only ever read and written by key
 * and scanned whole for expiry. Range queries are not supported. Wrapped by Kafka Streams with change logging and
 * metrics like any {@link KeyValueBytesStoreSupplier} store; used by one stream thread (its task's).
 */
public final class HashKeyValueStore implements KeyValueStore<Bytes, byte[]> {
    private final String name;
    private final Map<Bytes, byte[]> map = new HashMap<>();
    private final Position position = Position.emptyPosition();
    private volatile boolean open;

    public HashKeyValueStore(String name) {
        this.name = name;
    }

    /** Supplier for {@code Stores.keyValueStoreBuilder}. */
    public static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override public String name() { return name; }
            @Override public KeyValueStore<Bytes, byte[]> get() { return new HashKeyValueStore(name); }
            @Override public String metricsScope() { return "in-memory-hash"; }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (StateRestoreCallback) (key, value) -> {
            if (value == null) {
                map.remove(Bytes.wrap(key));
            } else {
                map.put(Bytes.wrap(key), value);
            }
        });
        open = true;
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = map.get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        return map.remove(key);
    }

    @Override
    public byte[] get(Bytes key) {
        return map.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        throw new UnsupportedOperationException("store '" + name + "' is a hash store: no range queries");
    }

    /** A snapshot of all entries, in no particular order. */
    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        List<KeyValue<Bytes, byte[]>> snapshot = new ArrayList<>(map.size());
        map.forEach((k, v) -> snapshot.add(KeyValue.pair(k, v)));
        return new SnapshotIterator(snapshot);
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    @Override
    public void flush() {
        // nothing buffered: the change-logging layer sends every write
    }

    @Override
    public void close() {
        open = false;
        map.clear();
    }

    /** Interactive-query positions are not tracked (the store is not queryable). */
    @Override
    public Position getPosition() {
        return position;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
