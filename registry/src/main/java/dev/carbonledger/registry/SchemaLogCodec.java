package dev.carbonledger.registry;

import dev.carbonledger.schemas.registry.CompatibilityLevel;
import dev.carbonledger.schemas.registry.SchemaLogEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON encoding of {@link SchemaLogEntry} values, as stored in the registry's topic. */
public final class SchemaLogCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SchemaLogCodec() {}

    public static byte[] key(SchemaLogEntry entry) {
        return entry.key().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encode(SchemaLogEntry entry) {
        ObjectNode node = MAPPER.createObjectNode();
        if (entry instanceof SchemaLogEntry.SchemaVersion v) {
            node.put("type", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                    .put("schema", v.schema());
        } else if (entry instanceof SchemaLogEntry.Config c) {
            node.put("type", "CONFIG").put("subject", c.subject())
                    .put("compatibilityLevel", c.level() == null ? null : c.level().name());
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode schema log entry " + entry.key(), e);
        }
    }

    /** Decodes a stored value; throws {@link IllegalArgumentException} naming what is wrong. */
    public static SchemaLogEntry decode(byte[] value) {
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Schema log entry is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Schema log entry is not a JSON object");
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "SCHEMA":
                return new SchemaLogEntry.SchemaVersion(text(node, "subject"), node.path("version").asInt(0),
                        node.path("id").asInt(0), text(node, "schema"));
            case "CONFIG": {
                JsonNode subject = node.get("subject");
                JsonNode level = node.get("compatibilityLevel");
                return new SchemaLogEntry.Config(subject == null || subject.isNull() ? null : subject.asText(),
                        level == null || level.isNull() ? null : CompatibilityLevel.parse(level.asText()));
            }
            default:
                throw new IllegalArgumentException("Schema log entry has unknown type '" + type + "'");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("Schema log entry lacks text field '" + field + "'");
        }
        return value.asText();
    }
}
