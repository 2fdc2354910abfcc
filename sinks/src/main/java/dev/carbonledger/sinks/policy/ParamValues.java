package dev.carbonledger.sinks.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed parameter values; each parser fails with a 400 that names the parameter and the expected form. */
final class ParamValues {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|d|h|m|s)");
    private static final Pattern DURATION_WHOLE = Pattern.compile("(\\d{1,9}(ms|d|h|m|s))+");

    private ParamValues() {}

    /**
     * An RFC 3339 time with an offset, e.g. {@code 2026-03-01T12:00:00Z} or {@code 2026-03-01T13:00:00+01:00}.
     * A {@code +} sent unencoded reads as a space in a query string; it is taken back.
     */
    static Instant instant(String param, String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        for (String candidate : new String[] {upper, upper.replace(' ', '+')}) {
            try {
                return OffsetDateTime.parse(candidate, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        throw ApiException.badRequest(param + " must be an RFC 3339 time with an offset, e.g. 2026-03-01T12:00:00Z, got '"
                + Views.printable(text) + "'");
    }

    /**
     * A duration: {@code 90m}, {@code 4h}, {@code 30s}, {@code 1h30m}, {@code 2d}, {@code 500ms}, or ISO-8601
     * ({@code PT4H}, {@code P1D}).
     */
    static Duration duration(String param, String text) {
        String t = text.strip();
        try {
            if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (DURATION_WHOLE.matcher(t).matches()) {
                Duration total = Duration.ZERO;
                Matcher m = DURATION.matcher(t);
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    total = total.plus(switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
                }
                return total;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        throw ApiException.badRequest(param + " must be a duration like 90m, 4h, 30s, 1h30m or ISO-8601 PT4H, got '"
                + Views.printable(text) + "'");
    }

    /** A whole, non-negative number of minutes. */
    static int minutes(String param, String text) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(param + " must be a non-negative integer number of minutes, got '"
                + Views.printable(text) + "'");
    }
}
