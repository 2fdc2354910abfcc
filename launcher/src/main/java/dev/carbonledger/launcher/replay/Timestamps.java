package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Replay timestamps: RFC 3339 strings (fractional seconds allowed, any offset) or epoch milliseconds. */
final class Timestamps {
    private Timestamps() {}

    /** Epoch milliseconds of the value; sub-millisecond fractions are truncated. */
    static long parse(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new MalformedLineException("missing field \"" + field + "\"");
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new MalformedLineException("\"" + field + "\" must be whole epoch milliseconds, got " + value);
            }
            return (long) d;
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(text);
            }
            try {
                // RFC 3339 allows a lower-case t/z and a space instead of T.
                String normalized = text.replace(' ', 'T').replace('t', 'T').replace('z', 'Z');
                return OffsetDateTime.parse(normalized, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new MalformedLineException("\"" + field + "\" is not an RFC 3339 timestamp or epoch milliseconds: " + value);
            }
        }
        throw new MalformedLineException("\"" + field + "\" must be an RFC 3339 string or epoch milliseconds, got " + value);
    }
}
