package dev.carbonledger.streams.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The keys of the windows changed since their last publication, for the SCI stages that coalesce their updates per
 * flush interval. The mark is kept in each stored window too, so that after a restart or a rebalance the set is
 * rebuilt from the store (once, at the first flush) and no change is left unpublished.
 */
final class PendingWindows {
    private final Set<String> keys = new LinkedHashSet<>();
    private boolean restored;

    /** Marks a window changed; true when it is the first pending one (the flush is due to be scheduled). */
    boolean add(String key) {
        return keys.add(key) && keys.size() == 1;
    }

    /** The pending keys, with those marked in {@code store} after a restart. */
    Set<String> keys(KeyValueStore<String, byte[]> store, Predicate<byte[]> markedPending) {
        if (!restored) {
            restored = true;
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    if (markedPending.test(kv.value)) {
                        keys.add(kv.key);
                    }
                }
            }
        }
        return keys;
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    void clear() {
        keys.clear();
    }
}
