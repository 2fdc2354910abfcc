package dev.carbonledger.streams.internal;

import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Confluent wire-format (magic byte 0, 4-byte big-endian schema id, Avro binary) serde for one generated
 * Avro class, registering under {@code <topic>-value}. Thread-safe: one instance is shared by every stream
 * thread. Used until the shared {@code ConfluentAvroSerde} of the schemas module is available.
 */
public final class WireAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private static final byte MAGIC = 0;

    private final Class<T> type;
    private final Schema schema;
    private final SchemaRegistryClient registry;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();
    private final ThreadLocal<ByteArrayOutputStream> buffers = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(256));
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    public WireAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        this.registry = registry;
        this.writer = new SpecificDatumWriter<>(schema);
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    private byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        int id = idsBySubject.computeIfAbsent(topic + "-value", subject -> registry.register(subject, schema));
        ByteArrayOutputStream out = buffers.get();
        out.reset();
        out.write(MAGIC);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
            encoders.set(encoder);
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for topic '" + topic + "'", e);
        }
        return out.toByteArray();
    }

    private T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5 || data[0] != MAGIC) {
            throw new SerializationException("Cannot deserialize record from topic '" + topic
                    + "': not the Confluent wire format (magic byte 0 + 4-byte schema id), "
                    + (data.length == 0 ? "empty payload" : String.format("first byte 0x%02x, %d bytes", data[0] & 0xff, data.length)));
        }
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        SpecificDatumReader<T> reader = readersById.computeIfAbsent(id, this::readerFor);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, decoders.get());
            decoders.set(decoder);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize " + type.getSimpleName() + " from topic '" + topic
                    + "' (schema id " + id + "): " + e.getMessage(), e);
        }
    }

    private SpecificDatumReader<T> readerFor(int id) {
        Schema writerSchema = registry.getById(id);
        return new SpecificDatumReader<>(writerSchema, schema);
    }
}
