package dev.carbonledger.collectors;

import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.EnergySourceKind;
import dev.carbonledger.collectors.config.IntensityProviderKind;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import java.time.Clock;

/** Maps each configured source kind to its implementation. */
final class SourceWiring {
    private SourceWiring() {}

    static void wire(CollectorConfig config, Collector.Builder builder, DemoFleet demo, Clock clock) {
        for (EnergySourceKind kind : config.energySources()) {
            switch (kind) {
                case DEMO -> builder.energySource(demo).podSource(demo).nodeSource(demo);
                default -> throw new UnsupportedOperationException("energy source " + kind.id() + " is not wired yet");
            }
        }
        for (IntensityProviderKind kind : config.intensityProviders()) {
            switch (kind) {
                case DEMO -> builder.intensitySource(demo);
                default -> throw new UnsupportedOperationException("intensity provider " + kind.id() + " is not wired yet");
            }
        }
    }
}
