package dev.carbonledger.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes any Confluent wire-format record to plain JSON using the writer's schema from the registry, for tools
 * such as {@code tail}. Unions are unwrapped (no {@code {"string": ...}} wrappers), {@code timestamp-millis} /
 * {@code timestamp-micros} values become RFC 3339 strings, bytes and fixed become base64. Thread-safe.
 */
public final class ConfluentAvroJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

    /** Plain JSON for a generic Avro datum of the given schema. */
    static JsonNode toJson(Object datum, Schema schema) {
        switch (schema.getType()) {
            case NULL:
                return NODES.nullNode();
            case UNION:
                return toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case RECORD: {
                IndexedRecord record = (IndexedRecord) datum;
                ObjectNode node = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    node.set(field.name(), toJson(record.get(field.pos()), field.schema()));
                }
                return node;
            }
            case ARRAY: {
                ArrayNode node = NODES.arrayNode();
                for (Object item : (Iterable<?>) datum) {
                    node.add(toJson(item, schema.getElementType()));
                }
                return node;
            }
            case MAP: {
                ObjectNode node = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
                    node.set(entry.getKey().toString(), toJson(entry.getValue(), schema.getValueType()));
                }
                return node;
            }
            case STRING:
            case ENUM:
                return NODES.textNode(datum.toString());
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            case INT:
                return NODES.numberNode((Integer) datum);
            case LONG:
                return longToJson((Long) datum, schema.getLogicalType());
            case FLOAT:
                return doubleToJson((Float) datum);
            case DOUBLE:
                return doubleToJson((Double) datum);
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            default:
                throw new IllegalArgumentException("Unsupported Avro type " + schema.getType());
        }
    }

    /** NaN and infinities are not JSON numbers: they are written as strings, as Jackson reads them back. */
    private static JsonNode doubleToJson(double value) {
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(Double.toString(value));
    }

    private static JsonNode longToJson(long value, LogicalType logicalType) {
        if (logicalType instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(value).toString());
        }
        if (logicalType instanceof LogicalTypes.TimestampMicros) {
            return NODES.textNode(Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                    Math.floorMod(value, 1_000_000L) * 1000L).toString());
        }
        return NODES.numberNode(value);
    }
}
