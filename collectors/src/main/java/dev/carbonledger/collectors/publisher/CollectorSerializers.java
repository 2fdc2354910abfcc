package dev.carbonledger.collectors.publisher;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;

/** The value serializers of the six record types a collector publishes. Keys are always UTF-8 strings. */
public record CollectorSerializers(
        Serializer<EnergySample> samples,
        Serializer<PodMetadata> pods,
        Serializer<NodeInfo> nodes,
        Serializer<IntensityRecord> intensity,
        Serializer<IntensityForecast> forecasts,
        Serializer<FunctionalUnitSample> functionalUnits) {

    public CollectorSerializers {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(pods, "pods");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(forecasts, "forecasts");
        Objects.requireNonNull(functionalUnits, "functionalUnits");
    }

    public static CollectorSerializers using(SerializerFactory factory) {
        Objects.requireNonNull(factory, "factory");
        return new CollectorSerializers(
                factory.valueSerializer(EnergySample.class),
                factory.valueSerializer(PodMetadata.class),
                factory.valueSerializer(NodeInfo.class),
                factory.valueSerializer(IntensityRecord.class),
                factory.valueSerializer(IntensityForecast.class),
                factory.valueSerializer(FunctionalUnitSample.class));
    }

    void closeAll() {
        samples.close();
        pods.close();
        nodes.close();
        intensity.close();
        forecasts.close();
        functionalUnits.close();
    }
}
