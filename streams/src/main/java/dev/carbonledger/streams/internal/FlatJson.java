package dev.carbonledger.streams.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.schemas.serde.AvroJsonTree;
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
    private static final AvroJsonTree TREE = new AvroJsonTree(AvroJsonTree.NonFinite.NULL);

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
        return TREE.record(record);
    }
}
