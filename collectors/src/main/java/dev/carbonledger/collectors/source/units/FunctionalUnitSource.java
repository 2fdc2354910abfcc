package dev.carbonledger.collectors.source.units;

import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.collectors.source.Source;
import java.io.IOException;
import java.util.List;

/**
 * Something that counts a model's functional units (requests, inferences, training steps ...), the R of the Software
 * Carbon Intensity: each poll returns the current value of cumulative counters, one per series (a replica's counter
 * is its own series). As for energy, a counter only drops when it restarts from zero; the pipeline reads a drop as a
 * reset. Published to {@code carbon.functional.units} (key = model).
 */
public interface FunctionalUnitSource extends Source {

    /**
     * Reads every counter once.
     *
     * @throws IOException when the endpoint cannot be read; the collector logs it with the source's name and tries
     *     again at the next tick
     */
    List<FunctionalUnitSample> units() throws IOException;
}
