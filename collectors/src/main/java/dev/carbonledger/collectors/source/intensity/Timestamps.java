package dev.carbonledger.collectors.source.intensity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Provider timestamps: RFC 3339 with or without seconds ({@code 2018-01-20T12:00Z}), any offset, or epoch ms. */
final class Timestamps {
    private Timestamps() {}

    static Instant parse(String text) {
        String t = text.trim();
        if (t.matches("-?\\d+")) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp or epoch milliseconds: '" + text + "'", e);
        }
    }

    static Instant parse(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing timestamp field '" + field + "'");
        }
        return value.isNumber() ? Instant.ofEpochMilli(value.asLong()) : parse(value.asText());
    }
}
