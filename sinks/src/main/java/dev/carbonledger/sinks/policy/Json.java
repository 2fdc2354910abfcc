package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** JSON building blocks shared by the views: ISO-8601 UTC times, and numbers that are never NaN or infinite. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code Instant.toString()} of epoch milliseconds, e.g. {@code 2026-03-01T12:00:00Z}. */
    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A time, or JSON null. */
    static void putTime(ObjectNode node, String field, Long epochMillis) {
        if (epochMillis == null) {
            node.putNull(field);
        } else {
            node.put(field, iso(epochMillis));
        }
    }

    /** A number, or JSON null when it is absent, NaN or infinite (not JSON numbers). */
    static void putNumber(ObjectNode node, String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value.doubleValue());
        }
    }

    static void putNumber(ObjectNode node, String field, OptionalDouble value) {
        putNumber(node, field, value.isPresent() ? value.getAsDouble() : null);
    }

    /** A string map with sorted keys. */
    static void putMap(ObjectNode node, String field, Map<String, String> map) {
        ObjectNode out = node.putObject(field);
        new TreeMap<>(map).forEach(out::put);
    }
}
