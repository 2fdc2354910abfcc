package dev.carbonledger.streams.internal;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** A store iterator over a snapshot taken when it was opened, for the hash stores (no ordering, nothing to close). */
final class SnapshotIterator implements KeyValueIterator<Bytes, byte[]> {
    private final Iterator<KeyValue<Bytes, byte[]>> it;
    private KeyValue<Bytes, byte[]> peeked;

    SnapshotIterator(List<KeyValue<Bytes, byte[]>> snapshot) {
        this.it = snapshot.iterator();
    }

    @Override
    public boolean hasNext() {
        return peeked != null || it.hasNext();
    }

    @Override
    public KeyValue<Bytes, byte[]> next() {
        if (peeked != null) {
            KeyValue<Bytes, byte[]> p = peeked;
            peeked = null;
            return p;
        }
        if (!it.hasNext()) {
            throw new NoSuchElementException();
        }
        return it.next();
    }

    @Override
    public Bytes peekNextKey() {
        if (peeked == null) {
            peeked = next();
        }
        return peeked.key;
    }

    @Override
    public void close() {
        // a snapshot holds no resources
    }
}
