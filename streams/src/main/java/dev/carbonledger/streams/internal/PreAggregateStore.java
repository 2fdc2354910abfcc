package dev.carbonledger.streams.internal;

import dev.carbonledger.streams.internal.kafka.CommitLoggedStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The accounting task's pre-aggregation store: one mutable {@link Accumulator} per
 * (team, model, namespace, zone, windowStart) in a hash map, so adding a piece costs one hash lookup and no
 * serialization. Its changelog (same key and value encoding as {@link PreAggregate}) is written right before each
 * commit ({@link CommitLoggedStore}): one record per entry changed since the previous commit, one tombstone per
 * logged entry removed since; on restore the map is rebuilt from it.
 */
public final class PreAggregateStore extends CommitLoggedStore {

    /** Grouping key of a pre-aggregate. */
    record Key(String team, String model, String namespace, String zone, long windowStart) {
        byte[] encode() {
            return PreAggregate.key(team, model, namespace, zone, windowStart);
        }

        static Key decode(byte[] key) {
            String[] k = PreAggregate.parseKey(key);
            return new Key(k[0], k[1], k[2], k[3], Long.parseLong(k[4]));
        }
    }

    /** Running sums of one pre-aggregate; only the owning task's thread touches it. */
    static final class Accumulator {
        final Key key;
        double joules;
        double grams;
        long pieces;
        long intervals;
        long eventTime;
        /** Changed since it was last written to the changelog. */
        boolean dirty;
        /** A value of this key is in the changelog (so removing it needs a tombstone). */
        boolean logged;

        Accumulator(Key key) {
            this.key = key;
        }

        byte[] encodeValue() {
            return ByteBuffer.allocate(PreAggregate.VALUE_SIZE).putDouble(joules).putDouble(grams).putLong(pieces)
                    .putLong(intervals).putLong(eventTime).array();
        }

        void setFrom(byte[] value) {
            ByteBuffer b = ByteBuffer.wrap(value);
            joules = b.getDouble();
            grams = b.getDouble();
            pieces = b.getLong();
            intervals = b.getLong();
            eventTime = b.getLong();
        }
    }

    private final Map<Key, Accumulator> map = new HashMap<>();
    /** Entries to write at the next cache flush (may contain removed or repeated entries: checked then). */
    private final List<Accumulator> dirty = new ArrayList<>();
    /** Logged keys removed since the last cache flush: they need a tombstone. */
    private final List<Accumulator> removed = new ArrayList<>();

    public PreAggregateStore(String name) {
        super(name);
    }

    /** Supplier for {@code Stores.keyValueStoreBuilder(...).withCachingDisabled().withLoggingEnabled(...)}. */
    public static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override public String name() { return name; }
            @Override public KeyValueStore<Bytes, byte[]> get() { return new PreAggregateStore(name); }
            @Override public String metricsScope() { return "pre-aggregate"; }
        };
    }

    /** Adds to the pre-aggregate of {@code key}, creating it if absent. */
    void add(Key key, double joules, double grams, long pieces, long intervals, long eventTime) {
        Accumulator a = map.get(key);
        if (a == null) {
            a = new Accumulator(key);
            a.joules = joules;
            a.grams = grams;
            a.pieces = pieces;
            a.intervals = intervals;
            a.eventTime = eventTime;
            map.put(key, a);
        } else {
            a.joules += joules;
            a.grams += grams;
            a.pieces += pieces;
            a.intervals += intervals;
            a.eventTime = Math.max(a.eventTime, eventTime);
        }
        if (!a.dirty) {
            a.dirty = true;
            dirty.add(a);
        }
    }

    boolean isEmpty() {
        return map.isEmpty();
    }

    /** Removes and returns every pre-aggregate (the changelog gets tombstones at the next commit). */
    List<Accumulator> removeAll() {
        List<Accumulator> out = new ArrayList<>(map.values());
        map.clear();
        for (Accumulator a : out) {
            markRemoved(a);
        }
        return out;
    }

    private void markRemoved(Accumulator a) {
        a.dirty = false;
        if (a.logged) {
            removed.add(a);
        }
    }

    @Override
    protected void logChanges() {
        for (Accumulator a : removed) {
            if (map.get(a.key) == null) {
                log(a.key.encode(), null, a.eventTime);
            }
        }
        removed.clear();
        for (Accumulator a : dirty) {
            if (a.dirty) {
                a.dirty = false;
                a.logged = true;
                log(a.key.encode(), a.encodeValue(), a.eventTime);
            }
        }
        dirty.clear();
    }

    /** Drops everything (the task is closed dirty; the store is restored from the changelog when it comes back). */
    @Override
    public void clearCache() {
        map.clear();
        dirty.clear();
        removed.clear();
    }

    @Override
    protected void restore(byte[] keyBytes, byte[] value) {
        Key key = Key.decode(keyBytes);
        if (value == null) {
            map.remove(key);
            return;
        }
        Accumulator a = map.computeIfAbsent(key, Accumulator::new);
        a.setFrom(value);
        a.logged = true;
    }

    // KeyValueStore view, for the wrapping layers and diagnostics; the change-logging layer logs these writes.

    @Override
    public void put(Bytes key, byte[] value) {
        Key k = Key.decode(key.get());
        if (value == null) {
            Accumulator a = map.remove(k);
            if (a != null) {
                a.dirty = false;
                a.logged = false;
            }
            return;
        }
        Accumulator a = map.computeIfAbsent(k, Accumulator::new);
        a.setFrom(value);
        a.logged = true;
        a.dirty = false;
    }

    @Override
    public byte[] delete(Bytes key) {
        byte[] old = get(key);
        put(key, null);
        return old;
    }

    @Override
    public byte[] get(Bytes key) {
        Accumulator a = map.get(Key.decode(key.get()));
        return a == null ? null : a.encodeValue();
    }

    /** A snapshot of all entries, in no particular order. */
    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        List<KeyValue<Bytes, byte[]>> snapshot = new ArrayList<>(map.size());
        map.values().forEach(a -> snapshot.add(KeyValue.pair(Bytes.wrap(a.key.encode()), a.encodeValue())));
        return new SnapshotIterator(snapshot);
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }
}
