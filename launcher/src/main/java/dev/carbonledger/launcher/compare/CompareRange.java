package dev.carbonledger.launcher.compare;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The range a comparison covers, {@code [from, to)} in UTC; a window counts when it lies fully inside. Each end is an
 * ISO-8601 / RFC 3339 instant ({@code 2026-11-30T06:00:00Z}, offsets allowed), a date ({@code 2026-11-30}: its
 * 00:00 UTC), {@code now}, or relative to now: {@code -24h}, {@code -90m}, {@code -7d}, {@code -30s}.
 */
public record CompareRange(Instant from, Instant to) {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)(s|m|h|d|w)");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public CompareRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the range is empty: --to " + to + " must be after --from " + from);
        }
    }

    /**
     * Parses both ends against {@code now}, reporting every problem at once.
     *
     * @throws IllegalArgumentException naming each bad option and the accepted forms, or the empty range
     */
    public static CompareRange parse(String from, String to, Instant now) {
        List<String> errors = new ArrayList<>();
        Instant start = parseEnd("--from", from, now, errors);
        Instant end = parseEnd("--to", to, now, errors);
        if (errors.isEmpty() && !end.isAfter(start)) {
            errors.add("the range is empty: --to (" + end + ") must be after --from (" + start + ")");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new CompareRange(start, end);
    }

    private static Instant parseEnd(String option, String value, Instant now, List<String> errors) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            errors.add(option + " is required (an ISO-8601 instant such as 2026-11-30T06:00:00Z, a date, now, or -24h)");
            return null;
        }
        if (text.equalsIgnoreCase("now")) {
            return now;
        }
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            return now.minus(ago);
        }
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(option + " '" + text + "' is not an ISO-8601 instant with an offset (2026-11-30T06:00:00Z),"
                    + " a date (2026-11-30), now, or a time ago (-24h, -90m, -7d)");
            return null;
        }
    }

    /** Whether the window {@code [start, end)} lies fully inside the range. */
    public boolean holds(Instant start, Instant end) {
        return !start.isBefore(from) && !end.isAfter(to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
