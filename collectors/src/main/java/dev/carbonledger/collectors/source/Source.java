package dev.carbonledger.collectors.source;

/** What every source has: a short stable name for logs and records, and resources to release. */
public interface Source extends AutoCloseable {

    /** Short stable name used in logs (kepler, rapl, gpu, demo, ukci ...). */
    String name();

    @Override
    default void close() {}
}
