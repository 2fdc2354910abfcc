package dev.carbonledger.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes any Confluent wire-format record to plain JSON using the writer's schema from the registry, for tools
 * such as {@code tail}. Unions are unwrapped (no {@code {"string": ...}} wrappers), {@code timestamp-millis} /
 * {@code timestamp-micros} values become RFC 3339 strings, bytes and fixed become base64. Thread-safe.
 */
public final class ConfluentAvroJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SchemaRegistryClient client;
    private final Map<Integer, GenericDatumReader<Object>> readers = new ConcurrentHashMap<>();

    public ConfluentAvroJson(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The record as a JSON string; {@code null} for a tombstone. */
    public String decodeToJson(String topic, byte[] bytes) {
        JsonNode node = decodeToTree(topic, bytes);
        if (node == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new SerializationException("Cannot render record from topic '" + topic + "' as JSON", e);
        }
    }

    /** {@link #decodeToJson(String, byte[])} without a topic name for error messages. */
    public String decodeToJson(byte[] bytes) {
        return decodeToJson("<unknown>", bytes);
    }

    /** The record as a Jackson tree; {@code null} for a tombstone. */
    public JsonNode decodeToTree(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, bytes);
        GenericDatumReader<Object> reader = readers.computeIfAbsent(id, k -> newReader(topic, k));
        try {
            Object datum = reader.read(null, new BoundedDecoder().reset(bytes, WireFormat.HEADER_SIZE,
                    bytes.length - WireFormat.HEADER_SIZE));
            return toJson(datum, reader.getSchema());
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode record from topic '" + topic + "' with schema id "
                    + id + ": " + e, e);
        }
    }

    private GenericDatumReader<Object> newReader(String topic, int id) {
        try {
            return new GenericDatumReader<>(client.getById(id), client.getById(id), new GenericData());
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot decode record from topic '" + topic + "': schema id " + id
                    + " could not be fetched: " + e.getMessage(), e);
        }
    }

    private static final AvroJsonTree TREE = new AvroJsonTree(AvroJsonTree.NonFinite.STRING);

    /** Plain JSON for a generic Avro datum of the given schema (NaN and infinities as strings). */
    static JsonNode toJson(Object datum, Schema schema) {
        return TREE.value(datum, schema);
    }
}
