package dev.carbonledger.launcher.logging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the CLI logs, from the environment: {@code CARBON_LEDGER_LOG_LEVEL} (trace, debug, info, warn, error; default
 * info), {@code CARBON_LEDGER_LOG_FORMAT} ({@code text}, default, or {@code json}: one JSON object a line), and
 * {@code CARBON_LEDGER_LOG_LEVELS} (per-logger levels, {@code org.apache.kafka=debug,dev.carbonledger.streams=trace}).
 * Kafka's own loggers are chatty at INFO, so they stay at WARN or above unless named in {@code LOG_LEVELS}.
 *
 * @param level   the default level
 * @param json    one JSON object a line instead of text
 * @param loggers per-logger levels, by logger name prefix
 */
public record LogSettings(LogLevel level, boolean json, Map<String, LogLevel> loggers) {
    public static final String LEVEL_VARIABLE = "CARBON_LEDGER_LOG_LEVEL";
    public static final String FORMAT_VARIABLE = "CARBON_LEDGER_LOG_FORMAT";
    public static final String LOGGERS_VARIABLE = "CARBON_LEDGER_LOG_LEVELS";

    /** Loggers that stay quiet below WARN unless named explicitly; a few harmless start-up messages below ERROR. */
    static final Map<String, LogLevel> QUIET = Map.of(
            "org.apache.kafka", LogLevel.WARN,
            "kafka", LogLevel.WARN,
            "state.change.logger", LogLevel.WARN,
            "org.apache.zookeeper", LogLevel.WARN,
            "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils", LogLevel.ERROR,
            "org.apache.kafka.clients.NetworkClient", LogLevel.ERROR);

    public LogSettings {
        loggers = Map.copyOf(loggers);
    }

    /**
     * Reads the variables.
     *
     * @throws IllegalArgumentException naming every bad value
     */
    public static LogSettings fromEnvironment(Map<String, String> env) {
        List<String> errors = new ArrayList<>();
        LogLevel level = LogLevel.INFO;
        String levelValue = env.get(LEVEL_VARIABLE);
        if (levelValue != null && !levelValue.isBlank()) {
            try {
                level = LogLevel.parse(levelValue);
            } catch (IllegalArgumentException e) {
                errors.add(LEVEL_VARIABLE + ": " + e.getMessage());
            }
        }
        boolean json = false;
        String format = env.get(FORMAT_VARIABLE);
        if (format != null && !format.isBlank()) {
            switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "json" -> json = true;
                case "text" -> json = false;
                default -> errors.add(FORMAT_VARIABLE + ": must be text or json, was '" + format + "'");
            }
        }
        Map<String, LogLevel> loggers = new LinkedHashMap<>();
        String perLogger = env.get(LOGGERS_VARIABLE);
        if (perLogger != null && !perLogger.isBlank()) {
            for (String entry : perLogger.split(",")) {
                int eq = entry.indexOf('=');
                if (eq < 1) {
                    errors.add(LOGGERS_VARIABLE + ": '" + entry.strip() + "' is not logger=level");
                    continue;
                }
                try {
                    loggers.put(entry.substring(0, eq).strip(), LogLevel.parse(entry.substring(eq + 1)));
                } catch (IllegalArgumentException e) {
                    errors.add(LOGGERS_VARIABLE + ": " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new LogSettings(level, json, loggers);
    }

    /** The settings, or the defaults with a note on stderr when a variable is bad (logging must never fail). */
    static LogSettings fromEnvironmentOrDefaults(Map<String, String> env) {
        try {
            return fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            System.err.println("carbon-ledger: ignoring bad log settings: " + e.getMessage());
            return new LogSettings(LogLevel.INFO, false, Map.of());
        }
    }

    /** The level of a logger: the longest configured prefix, then the quiet Kafka loggers (never louder), then the default. */
    public LogLevel levelOf(String logger) {
        LogLevel explicit = longestPrefix(loggers, logger);
        if (explicit != null) {
            return explicit;
        }
        LogLevel quiet = longestPrefix(QUIET, logger);
        return quiet != null && quiet.compareTo(level) > 0 ? quiet : level;
    }

    private static LogLevel longestPrefix(Map<String, LogLevel> levels, String logger) {
        String best = null;
        for (String prefix : levels.keySet()) {
            boolean matches = logger.equals(prefix) || logger.startsWith(prefix + ".");
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : levels.get(best);
    }
}
