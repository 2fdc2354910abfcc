package dev.carbonledger.launcher.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The time range a report covers, {@code [from, to)} in UTC. On the command line each end is a date
 * ({@code 2024-03-01}: whole UTC days, both inclusive, so {@code --to 2024-03-01} ends at 2024-03-02 00:00) or an
 * RFC 3339 instant ({@code 2024-03-01T10:00:00Z}, {@code +02:00} offsets allowed: taken as it is, exclusive at the end).
 */
public record ReportRange(Instant from, Instant to) {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ]");

    public ReportRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the range is empty: --to " + to + " must be after --from " + from);
        }
    }

    /**
     * Parses both ends and reports every problem at once.
     *
     * @throws IllegalArgumentException naming each bad option and the accepted forms, or the empty range
     */
    public static ReportRange parse(String from, String to) {
        List<String> errors = new ArrayList<>();
        Instant start = parseEnd("--from", from, false, errors);
        Instant end = parseEnd("--to", to, true, errors);
        if (errors.isEmpty() && !end.isAfter(start)) {
            errors.add("--to must be after --from: the range [" + start + ", " + end + ") is empty"
                    + " (dates are whole UTC days, both inclusive; instants end the range exclusively)");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new ReportRange(start, end);
    }

    private static Instant parseEnd(String option, String value, boolean isEnd, List<String> errors) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            errors.add(option + " is required (a date YYYY-MM-DD or an RFC 3339 instant such as 2024-03-01T10:00:00Z)");
            return null;
        }
        if (DATE.matcher(text).matches()) {
            try {
                LocalDate date = LocalDate.parse(text);
                return (isEnd ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(option + " '" + text + "' is not a date YYYY-MM-DD (for example 2024-03-01)");
                return null;
            }
        }
        if (DATE_TIME.matcher(text).lookingAt()) {
            try {
                // RFC 3339 allows a space or a lower-case t between date and time, and a lower-case z.
                String iso = text.substring(0, 10) + "T" + text.substring(11).replace('z', 'Z');
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(option + " '" + text + "' is not an RFC 3339 instant with an offset"
                        + " (for example 2024-03-01T10:00:00Z or 2024-03-01T12:00:00+02:00)");
                return null;
            }
        }
        errors.add(option + " '" + text + "' is not a date YYYY-MM-DD or an RFC 3339 instant"
                + " (for example 2024-03-01 or 2024-03-01T10:00:00Z)");
        return null;
    }

    /** Whether {@code t} lies in {@code [from, to)}. */
    public boolean contains(Instant t) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    /** Whether {@code [start, end)} shares time with this range. */
    public boolean overlaps(Instant start, Instant end) {
        return start.isBefore(to) && end.isAfter(from);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
