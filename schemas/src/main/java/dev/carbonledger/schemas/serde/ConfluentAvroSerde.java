package dev.carbonledger.schemas.serde;

import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serde for a generated Avro class in the Confluent wire format, built directly (no reflection config):
 * {@code ConfluentAvroSerde.forValues(client, EnergySample.class)}. Thread-safe.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    /**
     * @param isKey        subjects are {@code <topic>-key} when true, {@code <topic>-value} otherwise
     * @param autoRegister register the writer schema on first use; when false it must already be registered
     */
    public ConfluentAvroSerde(SchemaRegistryClient client, Class<T> type, boolean isKey, boolean autoRegister) {
        this.serializer = new ConfluentAvroSerializer<>(client, type, isKey, autoRegister);
        this.deserializer = new ConfluentAvroDeserializer<>(client, type);
    }

    /** With auto-registration on. */
    public ConfluentAvroSerde(SchemaRegistryClient client, Class<T> type, boolean isKey) {
        this(client, type, isKey, true);
    }

    /** A value serde (subject {@code <topic>-value}) with auto-registration on. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(
            SchemaRegistryClient client, Class<T> type) {
        return new ConfluentAvroSerde<>(client, type, false, true);
    }

    /** A key serde (subject {@code <topic>-key}) with auto-registration on. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forKeys(
            SchemaRegistryClient client, Class<T> type) {
        return new ConfluentAvroSerde<>(client, type, true, true);
    }

    @Override
    public ConfluentAvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public ConfluentAvroDeserializer<T> deserializer() {
        return deserializer;
    }
}
