package dev.carbonledger.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject: its global schema id and the schema text as the registry stores it. */
public record RegisteredSchema(String subject, int version, int id, String schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }

    /** The schema parsed (a new parse on each call). */
    public Schema avroSchema() {
        return new Schema.Parser().parse(schema);
    }
}
