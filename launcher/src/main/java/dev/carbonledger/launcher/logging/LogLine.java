package dev.carbonledger.launcher.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One log event rendered as a line: text ({@code 2026-11-30T17:31:02.123Z INFO  [main] Services - message}, the
 * stack trace on the following lines) or JSON (one object a line: {@code ts} ISO-8601 UTC, {@code level},
 * {@code logger}, {@code thread}, {@code message}, and {@code exception} with the stack trace as one string).
 */
public final class LogLine {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LogLine() {}

    public static String text(Instant time, LogLevel level, String logger, String thread, String message, Throwable error) {
        StringBuilder b = new StringBuilder(128)
                .append(TIMESTAMP.format(time)).append(' ')
                .append(String.format("%-5s", level.name())).append(" [").append(thread).append("] ")
                .append(shortName(logger)).append(" - ").append(message);
        if (error != null) {
            b.append(System.lineSeparator()).append(stackTrace(error).stripTrailing());
        }
        return b.toString();
    }

    public static String json(Instant time, LogLevel level, String logger, String thread, String message, Throwable error) {
        StringBuilder b = new StringBuilder(160).append('{');
        field(b, "ts", TIMESTAMP.format(time)).append(',');
        field(b, "level", level.name()).append(',');
        field(b, "logger", logger).append(',');
        field(b, "thread", thread).append(',');
        field(b, "message", message);
        if (error != null) {
            b.append(',');
            field(b, "exception", stackTrace(error).stripTrailing());
        }
        return b.append('}').toString();
    }

    static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    private static String stackTrace(Throwable error) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
