package dev.carbonledger.streams.internal;

import dev.carbonledger.streams.accounting.SeriesState;
import dev.carbonledger.streams.internal.kafka.CommitLoggedStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The accounting task's series state (DESIGN section 4, rules 1 to 3): for every pod, the latest accepted sample
 * (timestamp, cumulative counter) of each of its components, in one mutable {@link PodSeries} per pod in a hash
 * map. Samples are keyed by pod, and a collector scrapes all components of a pod at once, so the components of a
 * pod change together; the changelog therefore holds one record per pod (key: UTF-8 pod uid; value:
 * {@link #encode(PodSeries)}), written right before each commit ({@link CommitLoggedStore}): one record per pod
 * changed since the previous commit, one tombstone per logged pod whose series all expired; on restore the map is
 * rebuilt from it. Writes through the {@link KeyValueStore} view replace a pod's whole entry.
 */
public final class SeriesStateStore extends CommitLoggedStore {
    /** Component names are few (package, core, dram, gpu, ...): pods share one string per name, up to this many. */
    private static final int MAX_SHARED_COMPONENT_NAMES = 1_024;

    /** The latest accepted sample of each component of one pod; only the owning task's thread touches it. */
    static final class PodSeries {
        final String podUid;
        private String[] components = new String[2];
        private long[] timestamps = new long[2];
        private double[] counters = new double[2];
        private int size;
        /** Changed since it was last written to the changelog. */
        private boolean dirty;
        /** A value of this pod is in the changelog (so removing it needs a tombstone). */
        private boolean logged;
        /** Timestamp for the tombstone once every series of the pod expired: its latest sample's. */
        private long removedAt;

        PodSeries(String podUid) {
            this.podUid = podUid;
        }

        /** The latest accepted sample of a component, or {@code null} for a series never seen (or expired). */
        SeriesState get(String component) {
            int i = indexOf(component);
            return i < 0 ? null : new SeriesState(timestamps[i], counters[i]);
        }

        int size() {
            return size;
        }

        private int indexOf(String component) {
            for (int i = 0; i < size; i++) {
                if (components[i].equals(component)) {
                    return i;
                }
            }
            return -1;
        }

        private void append(String component, long timestamp, double counter) {
            if (size == components.length) {
                int n = size * 2;
                components = Arrays.copyOf(components, n);
                timestamps = Arrays.copyOf(timestamps, n);
                counters = Arrays.copyOf(counters, n);
            }
            components[size] = component;
            timestamps[size] = timestamp;
            counters[size] = counter;
            size++;
        }

        /** Drops components whose latest sample is older than {@code cutoff}; returns how many. */
        private int expire(long cutoff) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (timestamps[i] >= cutoff) {
                    components[kept] = components[i];
                    timestamps[kept] = timestamps[i];
                    counters[kept] = counters[i];
                    kept++;
                }
            }
            int expired = size - kept;
            Arrays.fill(components, kept, size, null);
            size = kept;
            return expired;
        }

        private long latestTimestamp() {
            long max = Long.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                max = Math.max(max, timestamps[i]);
            }
            return max;
        }
    }

    private final Map<String, PodSeries> map = new HashMap<>();
    private final Map<String, String> componentNames = new HashMap<>();
    /** Pods to write at the next cache flush (may contain removed pods: checked then). */
    private final List<PodSeries> dirty = new ArrayList<>();
    /** Logged pods removed since the last cache flush: they need a tombstone. */
    private final List<PodSeries> removed = new ArrayList<>();
    private long seriesCount;

    public SeriesStateStore(String name) {
        super(name);
    }

    /** Supplier for {@code Stores.keyValueStoreBuilder(...).withCachingDisabled().withLoggingEnabled(...)}. */
    public static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override public String name() { return name; }
            @Override public KeyValueStore<Bytes, byte[]> get() { return new SeriesStateStore(name); }
            @Override public String metricsScope() { return "series-state"; }
        };
    }

    /** The series of a pod, or {@code null} if it has none. */
    PodSeries pod(String podUid) {
        return map.get(podUid);
    }

    /** Records the latest accepted sample of a series, to be logged at the next commit. */
    void put(PodSeries pod, String podUid, String component, long timestampMillis, double counterJoules) {
        PodSeries p = pod;
        if (p == null) {
            p = new PodSeries(podUid);
            map.put(podUid, p);
        }
        if (set(p, component, timestampMillis, counterJoules)) {
            seriesCount++;
        }
        markDirty(p);
    }

    /**
     * Sets the latest sample of a pod's component; a component new to the pod is stored under its shared name.
     * Returns whether it was new.
     */
    private boolean set(PodSeries p, String component, long timestampMillis, double counterJoules) {
        int i = p.indexOf(component);
        if (i >= 0) {
            p.timestamps[i] = timestampMillis;
            p.counters[i] = counterJoules;
            return false;
        }
        p.append(shared(component), timestampMillis, counterJoules);
        return true;
    }

    /** Number of series (pod, component) with state. */
    long seriesCount() {
        return seriesCount;
    }

    /** Drops every series whose latest accepted sample is older than {@code cutoffMillis}; returns how many. */
    int expireOlderThan(long cutoffMillis) {
        int expired = 0;
        for (Iterator<PodSeries> it = map.values().iterator(); it.hasNext(); ) {
            PodSeries p = it.next();
            long latest = p.latestTimestamp();
            int n = p.expire(cutoffMillis);
            if (n == 0) {
                continue;
            }
            expired += n;
            if (p.size == 0) {
                it.remove();
                p.dirty = false;
                p.removedAt = latest;
                if (p.logged) {
                    removed.add(p);
                }
            } else {
                markDirty(p);
            }
        }
        seriesCount -= expired;
        return expired;
    }

    private void markDirty(PodSeries p) {
        if (!p.dirty) {
            p.dirty = true;
            dirty.add(p);
        }
    }

    private String shared(String component) {
        String s = componentNames.get(component);
        if (s != null) {
            return s;
        }
        if (componentNames.size() < MAX_SHARED_COMPONENT_NAMES) {
            componentNames.put(component, component);
        }
        return component;
    }

    @Override
    protected void logChanges() {
        for (PodSeries p : removed) {
            if (map.get(p.podUid) == null) {
                log(p.podUid, null, p.removedAt);
            }
        }
        removed.clear();
        for (PodSeries p : dirty) {
            if (p.dirty) {
                p.dirty = false;
                p.logged = true;
                log(p.podUid, encode(p), p.latestTimestamp());
            }
        }
        dirty.clear();
    }

    private void log(String podUid, byte[] value, long timestamp) {
        log(podUid.getBytes(StandardCharsets.UTF_8), value, timestamp);
    }

    /** Drops everything (the task is closed dirty; the store is restored from the changelog when it comes back). */
    @Override
    public void clearCache() {
        map.clear();
        dirty.clear();
        removed.clear();
        seriesCount = 0;
    }

    /**
     * Changelog value of a pod: a 4-byte count, then per component a 4-byte length, the UTF-8 name, the 8-byte
     * timestamp (epoch millis) and the 8-byte counter (IEEE 754), all big-endian.
     */
    static byte[] encode(PodSeries p) {
        byte[][] names = new byte[p.size][];
        int length = 4;
        for (int i = 0; i < p.size; i++) {
            names[i] = p.components[i].getBytes(StandardCharsets.UTF_8);
            length += 4 + names[i].length + 16;
        }
        ByteBuffer b = ByteBuffer.allocate(length).putInt(p.size);
        for (int i = 0; i < p.size; i++) {
            b.putInt(names[i].length).put(names[i]).putLong(p.timestamps[i]).putDouble(p.counters[i]);
        }
        return b.array();
    }

    /** Reverse of {@link #encode(PodSeries)}. */
    PodSeries decode(String podUid, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        int count = b.getInt();
        if (count < 0 || count > value.length / 20) {
            throw new IllegalArgumentException("series state of pod '" + podUid + "': bad component count " + count);
        }
        PodSeries p = new PodSeries(podUid);
        for (int i = 0; i < count; i++) {
            int len = b.getInt();
            if (len < 0 || len > b.remaining() - 16) {
                throw new IllegalArgumentException("series state of pod '" + podUid + "': bad name length " + len);
            }
            byte[] nameBytes = new byte[len];
            b.get(nameBytes);
            set(p, new String(nameBytes, StandardCharsets.UTF_8), b.getLong(), b.getDouble());
        }
        return p;
    }

    @Override
    protected void restore(byte[] key, byte[] value) {
        restore(new String(key, StandardCharsets.UTF_8), value);
    }

    /** Sets a pod's entry from its changelog value (null: removes it). */
    private void restore(String podUid, byte[] value) {
        replace(podUid, value);
        PodSeries p = map.get(podUid);
        if (p != null) {
            p.logged = true;
        }
    }

    /** Replaces a pod's entry (null: removes it) without logging; returns the old entry. */
    private PodSeries replace(String podUid, byte[] value) {
        PodSeries old = value == null ? map.remove(podUid) : map.put(podUid, decode(podUid, value));
        if (old != null) {
            old.dirty = false;
            seriesCount -= old.size;
        }
        if (value != null) {
            seriesCount += map.get(podUid).size;
        }
        return old;
    }

    // KeyValueStore view (key: UTF-8 pod uid), for the wrapping layers and diagnostics; the change-logging layer
    // logs these writes.

    @Override
    public void put(Bytes key, byte[] value) {
        restore(new String(key.get(), StandardCharsets.UTF_8), value);
    }

    @Override
    public byte[] delete(Bytes key) {
        PodSeries old = replace(new String(key.get(), StandardCharsets.UTF_8), null);
        return old == null ? null : encode(old);
    }

    @Override
    public byte[] get(Bytes key) {
        PodSeries p = map.get(new String(key.get(), StandardCharsets.UTF_8));
        return p == null ? null : encode(p);
    }

    /** A snapshot of all entries, in no particular order. */
    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        List<KeyValue<Bytes, byte[]>> snapshot = new ArrayList<>(map.size());
        map.forEach((k, p) -> snapshot.add(KeyValue.pair(Bytes.wrap(k.getBytes(StandardCharsets.UTF_8)), encode(p))));
        return new SnapshotIterator(snapshot);
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }
}
