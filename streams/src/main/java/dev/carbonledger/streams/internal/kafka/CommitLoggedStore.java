package dev.carbonledger.streams.internal.kafka;

import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Base of the accounting task's in-memory stores that track their own changes and write their changelog only when
 * Kafka Streams flushes caches right before a commit ({@link CachedStateStore#flushCache()}): the records go out in
 * the same transaction as the input offsets that produced the changes, so under exactly-once the changelog always
 * matches the committed offsets, and a dirty close ({@link #clearCache()}) loses nothing that the changelog does not
 * give back on restore. The processor works on the subclass directly ({@link WrappedStores#unwrap}); the
 * {@link KeyValueStore} view serves the wrapping layers and diagnostics, and its writes are logged by the wrapping
 * change-logging layer.
 *
 * <p>Must be built with change logging enabled and caching disabled (this store does the caching). Not queryable:
 * interactive-query positions are not tracked. Used by one stream thread (its task's).
 */
public abstract class CommitLoggedStore implements KeyValueStore<Bytes, byte[]>, CachedStateStore<byte[], byte[]> {
    private final String name;
    private final Position position = Position.emptyPosition();
    private InternalProcessorContext<?, ?> context;
    private volatile boolean open;

    protected CommitLoggedStore(String name) {
        this.name = name;
    }

    /** Applies one changelog record while the store is restored ({@code value == null}: a tombstone). */
    protected abstract void restore(byte[] key, byte[] value);

    /** Writes, through {@link #log}, one record per change since the previous call. */
    protected abstract void logChanges();

    /** Writes one changelog record ({@code value == null}: a tombstone). */
    protected final void log(byte[] key, byte[] value, long timestamp) {
        context.logChange(name, Bytes.wrap(key), value, timestamp, new RecordHeaders(), position);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void init(StateStoreContext stateStoreContext, StateStore root) {
        if (stateStoreContext instanceof InternalProcessorContext<?, ?> internal) {
            this.context = internal;
        } else {
            throw new IllegalStateException("store '" + name + "' needs Kafka Streams' internal processor context, got "
                    + stateStoreContext.getClass().getName());
        }
        stateStoreContext.register(root, (StateRestoreCallback) this::restore);
        open = true;
    }

    /** Writes the changes since the previous call to the changelog; Kafka Streams calls it before every commit. */
    @Override
    public final void flushCache() {
        if (context != null) {
            logChanges();
        }
    }

    @Override
    public final boolean setFlushListener(CacheFlushListener<byte[], byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public final byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public final void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public final KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        throw new UnsupportedOperationException("store '" + name + "' is a hash store: no range queries");
    }

    @Override
    public final void flush() {
        // changes are logged in flushCache(), before the commit
    }

    @Override
    public final void close() {
        open = false;
        clearCache();
    }

    @Override
    public final Position getPosition() {
        return position;
    }

    @Override
    public final boolean persistent() {
        return false;
    }

    @Override
    public final boolean isOpen() {
        return open;
    }
}
