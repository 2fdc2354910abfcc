package dev.carbonledger.collectors.source;

import java.util.Optional;

/**
 * Maps a pod's namespace and name to its uid. Sources that only see names (Kepler, dcgm-exporter) use it to
 * key their samples by uid, falling back to {@link #fallbackId(String, String)} when the pod is unknown.
 */
@FunctionalInterface
public interface PodUidResolver {

    Optional<String> uidOf(String namespace, String name);

    /** A resolver that knows no pod: every sample is keyed by {@code namespace/name}. */
    static PodUidResolver none() {
        return (namespace, name) -> Optional.empty();
    }

    /** A stable pod id when the uid is unknown: {@code namespace/name}. */
    static String fallbackId(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The uid if known, else {@code namespace/name}. */
    default String resolve(String namespace, String name) {
        return uidOf(namespace, name).orElseGet(() -> fallbackId(namespace, name));
    }
}
