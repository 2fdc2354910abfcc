package dev.carbonledger.launcher.logging;

import java.util.Locale;

/** Log levels, least to most severe. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, OFF;

    /** @throws IllegalArgumentException naming the accepted values */
    public static LogLevel parse(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("WARNING")) {
            return WARN;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a level (trace, debug, info, warn, error, off)");
        }
    }

    /** Whether a message at {@code level} passes a logger set to this level. */
    public boolean allows(LogLevel message) {
        return this != OFF && message.compareTo(this) >= 0;
    }
}
