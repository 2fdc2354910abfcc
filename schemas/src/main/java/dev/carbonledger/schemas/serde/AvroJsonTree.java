package dev.carbonledger.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro datum as plain JSON, written once for {@code tail} ({@link ConfluentAvroJson}) and the JSON mirror topics:
 * a record is an object with one member per field in schema order; a union is its branch's value (no
 * {@code {"double": 1.0}} wrappers); {@code timestamp-millis} / {@code -micros} are ISO-8601 UTC strings, whether the
 * datum holds a long (generic records) or an {@link Instant} (generated classes); enums and strings are strings; maps
 * are objects; bytes and fixed are Base64. JSON has no NaN or infinity: {@link NonFinite} says what they become.
 * Stateless and thread-safe.
 */
public final class AvroJsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a NaN or an infinite float or double becomes. */
    public enum NonFinite {
        /** {@code null}: for tools that only want numbers (the JSON mirrors). */
        NULL,
        /** The string {@code "NaN"}, {@code "Infinity"} ...: what Jackson reads back as the double (tail). */
        STRING
    }

    private final NonFinite nonFinite;

    public AvroJsonTree(NonFinite nonFinite) {
        this.nonFinite = nonFinite;
    }

    /** The record as a JSON object. */
    public ObjectNode record(IndexedRecord record) {
        return (ObjectNode) value(record, record.getSchema());
    }

    /** Plain JSON for a datum of the given schema (generic or generated). */
    public JsonNode value(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case NULL:
                return NODES.nullNode();
            case UNION:
                return value(datum, branch(schema, datum));
            case RECORD: {
                IndexedRecord record = (IndexedRecord) datum;
                ObjectNode node = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    node.set(field.name(), value(record.get(field.pos()), field.schema()));
                }
                return node;
            }
            case ARRAY: {
                ArrayNode node = NODES.arrayNode();
                for (Object item : (Iterable<?>) datum) {
                    node.add(value(item, schema.getElementType()));
                }
                return node;
            }
            case MAP: {
                ObjectNode node = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
                    node.set(entry.getKey().toString(), value(entry.getValue(), schema.getValueType()));
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
                return datum instanceof Instant instant ? NODES.textNode(instant.toString())
                        : longValue((Long) datum, schema.getLogicalType());
            case FLOAT:
                return doubleValue(((Float) datum).doubleValue());
            case DOUBLE:
                return doubleValue((Double) datum);
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

    /**
     * The union branch of a non-null datum: the only non-null branch of {@code ["null", X]} (generic resolution does not
     * know the {@link Instant}s of generated classes), else Avro's own resolution.
     */
    private static Schema branch(Schema union, Object datum) {
        List<Schema> nonNull = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return nonNull.size() == 1 ? nonNull.get(0) : union.getTypes().get(GenericData.get().resolveUnion(union, datum));
    }

    private JsonNode doubleValue(double value) {
        if (Double.isFinite(value)) {
            return NODES.numberNode(value);
        }
        return nonFinite == NonFinite.NULL ? NODES.nullNode() : NODES.textNode(Double.toString(value));
    }

    private static JsonNode longValue(long value, LogicalType logicalType) {
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
