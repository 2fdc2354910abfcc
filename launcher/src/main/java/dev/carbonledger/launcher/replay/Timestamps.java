package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Replay timestamps: RFC 3339 strings (fractional seconds allowed, any offset) or epoch milliseconds, in the years
 * 0001 to 9999 (RFC 3339's four-digit years). Anything else — digits beyond a {@code long}, 1e300, year +999999999 —
 * is a malformed line with its reason, never an arithmetic or parse exception.
 */
final class Timestamps {
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in epoch milliseconds. */
    static final long MIN_MILLIS = -62_135_596_800_000L;
    static final long MAX_MILLIS = 253_402_300_799_999L;

    private Timestamps() {}

    /** Epoch milliseconds of the value; sub-millisecond fractions are truncated. */
    static long parse(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new MalformedLineException("missing field \"" + field + "\"");
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw outOfRange(field, value);
            }
            return inRange(value.longValue(), field, value);
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new MalformedLineException("\"" + field + "\" must be whole epoch milliseconds, got " + value);
            }
            if (d < MIN_MILLIS || d > MAX_MILLIS) {
                throw outOfRange(field, value);
            }
            return (long) d;
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                if (text.length() > 18) {
                    throw outOfRange(field, value);
                }
                return inRange(Long.parseLong(text), field, value);
            }
            try {
                // RFC 3339 allows a lower-case t/z and a space instead of T.
                String normalized = text.replace(' ', 'T').replace('t', 'T').replace('z', 'Z');
                long millis = OffsetDateTime.parse(normalized, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
                return inRange(millis, field, value);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new MalformedLineException("\"" + field + "\" is not an RFC 3339 timestamp or epoch milliseconds: " + value);
            }
        }
        throw new MalformedLineException("\"" + field + "\" must be an RFC 3339 string or epoch milliseconds, got " + value);
    }

    private static long inRange(long millis, String field, JsonNode value) {
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw outOfRange(field, value);
        }
        return millis;
    }

    private static MalformedLineException outOfRange(String field, JsonNode value) {
        return new MalformedLineException("\"" + field + "\" is outside the years 0001 to 9999: " + value);
    }
}
