package dev.carbonledger.streams.internal.kafka;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/** Reaches a custom store under the layers Kafka Streams wraps around it (metrics, change logging, context). */
public final class WrappedStores {
    private WrappedStores() {}

    public static <S extends StateStore> S unwrap(StateStore store, Class<S> type) {
        StateStore s = store;
        for (int depth = 0; depth < 16; depth++) {
            if (type.isInstance(s)) {
                return type.cast(s);
            }
            if (!(s instanceof WrappedStateStore<?, ?, ?> w)) {
                break;
            }
            s = w.wrapped();
        }
        throw new IllegalStateException("store '" + store.name() + "' is not a " + type.getSimpleName() + " (got "
                + store.getClass().getName() + ")");
    }
}
