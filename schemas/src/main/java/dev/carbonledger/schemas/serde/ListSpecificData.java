package dev.carbonledger.schemas.serde;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The generated class's model (same logical-type conversions), except that Avro arrays are read into plain
 * {@link ArrayList}s. Avro's own {@code GenericData.Array} compares and hashes its elements with a model that has
 * no conversions, so {@code equals} on a record holding an array of records with an optional timestamp (such as
 * {@code LedgerEntry.pieces}) throws "Unknown datum type java.time.Instant"; an ArrayList uses the elements'
 * generated {@code equals}. Avro's fast reader only accepts the exact {@code SpecificData} class, so
 * {@link #forReading} uses this model only for classes that hold arrays of records.
 */
final class ListSpecificData extends SpecificData {

    private ListSpecificData(Class<?> type) {
        super(type.getClassLoader());
        SpecificData.getForClass(type).getConversions().forEach(this::addLogicalTypeConversion);
    }

    /** The model to read {@code type} with: this one if the class holds arrays of records, else the class's own. */
    static SpecificData forReading(Class<?> type) {
        SpecificData own = SpecificData.getForClass(type);
        return hasArrayOfRecords(own.getSchema(type), new HashSet<>()) ? new ListSpecificData(type) : own;
    }

    @Override
    public Object newArray(Object old, int size, Schema schema) {
        if (old instanceof ArrayList<?> list) {
            list.clear();
            return list;
        }
        return new ArrayList<>(size);
    }

    private static boolean hasArrayOfRecords(Schema schema, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD:
                if (!seen.add(schema.getFullName())) {
                    return false;
                }
                return schema.getFields().stream().anyMatch(f -> hasArrayOfRecords(f.schema(), seen));
            case ARRAY:
                Schema items = schema.getElementType();
                boolean recordItems = items.getType() == Schema.Type.RECORD || (items.getType() == Schema.Type.UNION
                        && items.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.RECORD));
                return recordItems || hasArrayOfRecords(items, seen);
            case MAP:
                return hasArrayOfRecords(schema.getValueType(), seen);
            case UNION:
                return schema.getTypes().stream().anyMatch(t -> hasArrayOfRecords(t, seen));
            default:
                return false;
        }
    }
}
