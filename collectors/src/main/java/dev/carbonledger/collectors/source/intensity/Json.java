package dev.carbonledger.collectors.source.intensity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** JSON reading shared by the providers: a tree, with clear errors naming the provider. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    static JsonNode read(String provider, String body) throws IOException {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IOException(provider + " returned invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a number in " + node);
        }
        return value.asDouble();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing in " + node);
        }
        return value.asText();
    }
}
