package dev.carbonledger.collectors.source;

import dev.carbonledger.avro.EnergySample;
import java.io.IOException;
import java.util.List;

/**
 * Something that measures energy on this node: each poll returns the current readings of cumulative energy
 * counters, one per (pod, component) series, like Kepler's {@code *_joules_total}. Counters only grow,
 * except when they restart from zero (a container restart, a collector restart); the pipeline treats a drop
 * as a reset. Implementations are polled from one thread at a time.
 */
public interface EnergySource extends Source {

    /**
     * Reads every counter once.
     *
     * @throws IOException when the underlying device or endpoint cannot be read; the collector logs it with
     *     the source's name and tries again at the next tick
     */
    List<EnergySample> poll() throws IOException;
}
