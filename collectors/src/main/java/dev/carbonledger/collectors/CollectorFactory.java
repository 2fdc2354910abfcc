package dev.carbonledger.collectors;

import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import dev.carbonledger.collectors.config.EnergySourceKind;
import dev.carbonledger.collectors.config.IntensityProviderKind;
import dev.carbonledger.collectors.publisher.CollectorPublisher;
import dev.carbonledger.collectors.publisher.CollectorSerializers;
import dev.carbonledger.collectors.sample.CounterStateFile;
import dev.carbonledger.collectors.source.StaticNodeInfoSource;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import dev.carbonledger.schemas.topics.TopicNames;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Objects;

/** Builds a {@link Collector} with the sources a {@link CollectorConfig} names. Only wires; no logic. */
public final class CollectorFactory {
    private CollectorFactory() {}

    /** A collector publishing through a new Kafka producer configured from {@code config}. */
    public static Collector create(CollectorConfig config, CollectorSerializers serializers, Clock clock) {
        Objects.requireNonNull(config, "config");
        CollectorPublisher publisher = CollectorPublisher.create(config.producerProperties(),
                new TopicNames(config.topicPrefix()), serializers, clock, config.bufferSamples());
        try {
            return create(config, publisher, clock);
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
    }

    /** A collector publishing through {@code publisher}, which it then owns. */
    public static Collector create(CollectorConfig config, CollectorPublisher publisher, Clock clock) {
        Collector.Builder builder = Collector.builder(publisher)
                .energyInterval(config.energyInterval())
                .podInterval(config.podInterval())
                .nodeInterval(config.nodeInterval())
                .intensityInterval(config.intensityInterval())
                .podTombstones(config.podTombstones());
        config.optional(CollectorSetting.STATE_FILE).ifPresent(file -> builder.counterStateFile(
                new CounterStateFile(Path.of(file), config.nodeName().orElse(""), clock)));
        DemoFleet demo = null;
        if (config.energySources().contains(EnergySourceKind.DEMO)
                || config.intensityProviders().contains(IntensityProviderKind.DEMO)) {
            demo = new DemoFleet(config.demoSeed(), clock, config.energyInterval());
        }
        if (config.nodeZone().isPresent() && config.nodeName().isPresent()) {
            builder.nodeSource(new StaticNodeInfoSource(NodeInfo.newBuilder().setNode(config.nodeName().get())
                    .setZone(config.nodeZone().get()).setPue(config.nodePue().orElse(null))
                    .setLabels(new HashMap<>()).build()));
        }
        SourceWiring.wire(config, builder, demo, clock);
        return builder.build();
    }
}
