package dev.carbonledger.collectors;

import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.IntensitySource;
import dev.carbonledger.collectors.source.NodeInfoSource;
import dev.carbonledger.collectors.source.PodMetadataSource;
import dev.carbonledger.collectors.source.Source;
import dev.carbonledger.collectors.source.units.FunctionalUnitSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sources a configuration names, before they are handed to a {@link Collector} or a {@link DryRun}. */
final class Sources implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Sources.class);

    private final List<EnergySource> energy = new ArrayList<>();
    private final List<PodMetadataSource> pods = new ArrayList<>();
    private final List<NodeInfoSource> nodes = new ArrayList<>();
    private final List<IntensitySource> intensity = new ArrayList<>();
    private final List<FunctionalUnitSource> functionalUnits = new ArrayList<>();

    Sources energySource(EnergySource source) {
        energy.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    Sources podSource(PodMetadataSource source) {
        pods.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    Sources nodeSource(NodeInfoSource source) {
        nodes.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    Sources intensitySource(IntensitySource source) {
        intensity.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    Sources functionalUnitSource(FunctionalUnitSource source) {
        functionalUnits.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    List<FunctionalUnitSource> functionalUnits() {
        return functionalUnits;
    }

    List<EnergySource> energy() {
        return energy;
    }

    List<PodMetadataSource> pods() {
        return pods;
    }

    List<NodeInfoSource> nodes() {
        return nodes;
    }

    List<IntensitySource> intensity() {
        return intensity;
    }

    /** Closes every source once (a source may be registered under several roles, as the demo fleet is). */
    @Override
    public void close() {
        Set<Source> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(energy);
        all.addAll(pods);
        all.addAll(nodes);
        all.addAll(intensity);
        all.addAll(functionalUnits);
        for (Source source : all) {
            try {
                source.close();
            } catch (Exception e) {
                LOGGER.warn("event=source_close_failed source={} reason={}", source.name(), e.toString());
            }
        }
    }
}
