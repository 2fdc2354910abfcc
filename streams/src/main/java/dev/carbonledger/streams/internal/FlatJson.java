package dev.carbonledger.streams.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro record as one flat JSON object for tools that don't speak Avro (Grafana's Kafka data source, kcat, jq):
 * one member per field, in schema order, with the field's name. Numbers stay numbers; {@code timestamp-millis} becomes
 * an ISO-8601 UTC string ({@code 2026-11-30T17:00:00Z}); enums and strings are strings; a null union branch is
 * {@code null} (no {@code {"double": 1.0}} wrappers); maps are JSON objects. NaN and infinities, which JSON cannot
 * hold, become {@code null}. Stateless and thread-safe.
 */
public final class FlatJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlatJson() {}

    /** The record as a JSON string; {@code null} (a tombstone) stays {@code null}. */
    public static String encode(IndexedRecord record) {
        if (record == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(tree(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getFullName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The record as a Jackson object node. */
    public static ObjectNode tree(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static JsonNode value(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                return value(datum, branch(schema, datum));
            case RECORD:
                return tree((IndexedRecord) datum);
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Iterable<?>) datum) {
                    array.add(value(item, schema.getElementType()));
                }
                return array;
            }
            case MAP: {
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    map.set(e.getKey().toString(), value(e.getValue(), schema.getValueType()));
                }
                return map;
            }
            case STRING:
            case ENUM:
                return NODES.textNode(datum.toString());
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            case INT:
                return NODES.numberNode((Integer) datum);
            case LONG:
                return time(datum, schema);
            case FLOAT:
                return number(((Float) datum).doubleValue());
            case DOUBLE:
                return number((Double) datum);
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case NULL:
                return NODES.nullNode();
            default:
                throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
        }
    }

    /**
     * The union branch of a non-null datum: the only non-null branch of {@code ["null", X]} (generic resolution does not
     * know the {@link Instant}s of generated classes), else Avro's own resolution.
     */
    private static Schema branch(Schema union, Object datum) {
        List<Schema> nonNull = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return nonNull.size() == 1 ? nonNull.get(0) : union.getTypes().get(GenericData.get().resolveUnion(union, datum));
    }

    /** Generated classes hold timestamp-millis fields as {@link Instant}s; generic records as longs. */
    private static JsonNode time(Object datum, Schema schema) {
        if (datum instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        long value = (Long) datum;
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(value).toString());
        }
        return NODES.numberNode(value);
    }

    private static JsonNode number(double value) {
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.nullNode();
    }
}
