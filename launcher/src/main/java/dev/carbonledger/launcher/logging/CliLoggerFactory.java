package dev.carbonledger.launcher.logging;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * The CLI's slf4j backend: every logger writes to stderr (stdout carries command output), a whole line at a time,
 * at the levels and in the format of {@link LogSettings}, read once from the environment.
 */
public final class CliLoggerFactory implements ILoggerFactory {
    private final Map<String, CliLogger> loggers = new ConcurrentHashMap<>();
    private final LogSettings settings;
    private final PrintStream out;
    private final Clock clock;

    public CliLoggerFactory(LogSettings settings, PrintStream out, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.clock = clock;
    }

    /** The factory of the running CLI: settings from the environment, stderr, the system clock. */
    public static CliLoggerFactory fromEnvironment() {
        return new CliLoggerFactory(LogSettings.fromEnvironmentOrDefaults(System.getenv()), System.err, Clock.systemUTC());
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new CliLogger(n, settings.levelOf(n), this));
    }

    void write(LogLevel level, String logger, String message, Throwable error) {
        String thread = Thread.currentThread().getName();
        String line = settings.json()
                ? LogLine.json(clock.instant(), level, logger, thread, message, error)
                : LogLine.text(clock.instant(), level, logger, thread, message, error);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
