package dev.carbonledger.collectors.source;

import java.io.IOException;

/**
 * A grid carbon-intensity provider: each poll returns the intensity records it currently publishes (actuals,
 * and forecast points flagged {@code forecast=true}) and, when the provider has them, whole forecast series.
 */
public interface IntensitySource extends Source {

    IntensityReadings intensity() throws IOException;
}
