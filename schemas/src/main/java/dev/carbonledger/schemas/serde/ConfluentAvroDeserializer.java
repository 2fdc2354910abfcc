package dev.carbonledger.schemas.serde;

import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into a generated Avro class. The writer schema is fetched by id (once) and
 * resolved against the class's schema, so records written with an older or newer compatible schema decode.
 * {@code null} (a tombstone) reads as {@code null}. Arrays are read into {@link java.util.ArrayList}s (see
 * {@link ListSpecificData}); string, bytes and collection lengths larger than the payload are rejected before
 * anything is allocated (see {@link BoundedDecoder}). Thread-safe; decoders are per thread.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private static final ThreadLocal<BoundedDecoder> DECODER = ThreadLocal.withInitial(BoundedDecoder::new);

    private final SchemaRegistryClient client;
    private final Schema readerSchema;
    private final SpecificData data;
    private final ConcurrentHashMap<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
    private volatile IdReader<T> last;

    public ConfluentAvroDeserializer(SchemaRegistryClient client, Class<T> type) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(type, "type");
        this.data = ListSpecificData.forReading(type);
        this.readerSchema = data.getSchema(type);
    }

    /** The reader schema (the generated class's schema). */
    public Schema schema() {
        return readerSchema;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, bytes);
        DatumReader<T> reader = reader(topic, id);
        BoundedDecoder decoder = DECODER.get().reset(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize " + readerSchema.getFullName() + " from topic '"
                    + topic + "' with writer schema id " + id + ": " + e, e);
        }
    }

    private DatumReader<T> reader(String topic, int id) {
        IdReader<T> cached = last;
        if (cached != null && cached.id == id) {
            return cached.reader;
        }
        DatumReader<T> reader = readersById.get(id);
        if (reader == null) {
            reader = readersById.computeIfAbsent(id, k -> newReader(topic, k));
        }
        last = new IdReader<>(id, reader);
        return reader;
    }

    private DatumReader<T> newReader(String topic, int id) {
        Schema writerSchema;
        try {
            writerSchema = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot deserialize record from topic '" + topic
                    + "': writer schema id " + id + " could not be fetched: " + e.getMessage(), e);
        }
        try {
            return new SpecificDatumReader<>(writerSchema, readerSchema, data);
        } catch (AvroTypeException e) {
            throw new SerializationException("Cannot deserialize record from topic '" + topic + "': writer schema "
                    + writerSchema.getFullName() + " (id " + id + ") does not resolve against reader schema "
                    + readerSchema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    private record IdReader<T>(int id, DatumReader<T> reader) {}
}
