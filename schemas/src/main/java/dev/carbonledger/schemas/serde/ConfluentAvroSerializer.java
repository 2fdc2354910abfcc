package dev.carbonledger.schemas.serde;

import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records of one generated Avro class in the Confluent wire format: {@code 0x00}, the 4-byte big-endian
 * schema id, the Avro binary encoding. The schema is registered (or, with auto-registration off, looked up) under
 * {@code <topic>-value} / {@code <topic>-key} once per topic. Thread-safe: one instance may serve several stream
 * threads; encoders and buffers are per thread.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private static final int MAX_RETAINED_BUFFER = 1 << 20;
    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    private final SchemaRegistryClient client;
    private final Schema schema;
    private final boolean isKey;
    private final boolean autoRegister;
    private final DatumWriter<T> writer;
    private final ConcurrentHashMap<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private volatile TopicId last;

    public ConfluentAvroSerializer(SchemaRegistryClient client, Class<T> type, boolean isKey, boolean autoRegister) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(type, "type");
        SpecificData data = SpecificData.getForClass(type);
        this.schema = data.getSchema(type);
        this.isKey = isKey;
        this.autoRegister = autoRegister;
        this.writer = writerFor(type, schema, data);
    }

    /** The generic writer, or a hand-written one for a hot type whose schema is the one it was written for. */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> DatumWriter<T> writerFor(Class<T> type, Schema schema, SpecificData data) {
        if (type == LedgerEntry.class && LedgerEntryWriter.supports(schema)) {
            return (DatumWriter<T>) new LedgerEntryWriter();
        }
        return new SpecificDatumWriter<>(schema, data);
    }

    public ConfluentAvroSerializer(SchemaRegistryClient client, Class<T> type, boolean isKey) {
        this(client, type, isKey, true);
    }

    /** The writer schema (the generated class's schema). */
    public Schema schema() {
        return schema;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = schemaId(topic);
        Encoding encoding = ENCODING.get();
        ByteBufferOutput out = encoding.out;
        out.reset();
        out.skip(WireFormat.HEADER_SIZE);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoding.encoder);
            encoding.encoder = encoder;
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // The encoder may hold part of this record in its buffer, and reconfiguring it for the next record
            // would flush that into the next record's output: drop this thread's encoder and buffer.
            ENCODING.remove();
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic '" + topic
                    + "' (" + (isKey ? "key" : "value") + "): " + e.getMessage(), e);
        }
        WireFormat.writeHeader(out.array(), 0, id);
        byte[] result = out.toByteArray();
        if (out.capacity() > MAX_RETAINED_BUFFER) {
            ENCODING.remove();
        }
        return result;
    }

    private int schemaId(String topic) {
        TopicId cached = last;
        if (cached != null && cached.topic.equals(topic)) {
            return cached.id;
        }
        Integer id = idsByTopic.get(topic);
        if (id == null) {
            id = idsByTopic.computeIfAbsent(topic, this::fetchId);
        }
        last = new TopicId(topic, id);
        return id;
    }

    private int fetchId(String topic) {
        String subject = SubjectNames.of(topic, isKey);
        try {
            return autoRegister ? client.register(subject, schema) : client.lookupId(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot " + (autoRegister ? "register" : "look up") + " schema "
                    + schema.getFullName() + " under subject '" + subject + "' for topic '" + topic + "': "
                    + e.getMessage(), e);
        }
    }

    private record TopicId(String topic, int id) {}

    private static final class Encoding {
        final ByteBufferOutput out = new ByteBufferOutput(512);
        BinaryEncoder encoder;
    }
}
