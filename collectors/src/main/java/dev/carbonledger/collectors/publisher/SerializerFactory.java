package dev.carbonledger.collectors.publisher;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Makes the value serializer of one Avro record type, e.g. the Confluent wire-format serializer bound to a
 * schema registry: {@code ConfluentAvroSerde.forValues(registry, type).serializer()}.
 */
public interface SerializerFactory {

    <T extends SpecificRecord> Serializer<T> valueSerializer(Class<T> type);
}
