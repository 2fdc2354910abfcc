package dev.carbonledger.launcher.logging;

import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

/** One named logger of {@link CliLoggerFactory}; its level is fixed when it is created. */
final class CliLogger extends MarkerIgnoringBase {
    private static final long serialVersionUID = 1L;

    private final transient LogLevel threshold;
    private final transient CliLoggerFactory factory;

    CliLogger(String name, LogLevel threshold, CliLoggerFactory factory) {
        this.name = name;
        this.threshold = threshold;
        this.factory = factory;
    }

    private void log(LogLevel level, String message, Throwable error) {
        if (threshold.allows(level)) {
            factory.write(level, name, message, error);
        }
    }

    private void format(LogLevel level, String format, Object... args) {
        if (threshold.allows(level)) {
            FormattingTuple t = MessageFormatter.arrayFormat(format, args);
            factory.write(level, name, t.getMessage(), t.getThrowable());
        }
    }

    @Override public boolean isTraceEnabled() { return threshold.allows(LogLevel.TRACE); }
    @Override public void trace(String msg) { log(LogLevel.TRACE, msg, null); }
    @Override public void trace(String format, Object arg) { format(LogLevel.TRACE, format, arg); }
    @Override public void trace(String format, Object arg1, Object arg2) { format(LogLevel.TRACE, format, arg1, arg2); }
    @Override public void trace(String format, Object... arguments) { format(LogLevel.TRACE, format, arguments); }
    @Override public void trace(String msg, Throwable t) { log(LogLevel.TRACE, msg, t); }

    @Override public boolean isDebugEnabled() { return threshold.allows(LogLevel.DEBUG); }
    @Override public void debug(String msg) { log(LogLevel.DEBUG, msg, null); }
    @Override public void debug(String format, Object arg) { format(LogLevel.DEBUG, format, arg); }
    @Override public void debug(String format, Object arg1, Object arg2) { format(LogLevel.DEBUG, format, arg1, arg2); }
    @Override public void debug(String format, Object... arguments) { format(LogLevel.DEBUG, format, arguments); }
    @Override public void debug(String msg, Throwable t) { log(LogLevel.DEBUG, msg, t); }

    @Override public boolean isInfoEnabled() { return threshold.allows(LogLevel.INFO); }
    @Override public void info(String msg) { log(LogLevel.INFO, msg, null); }
    @Override public void info(String format, Object arg) { format(LogLevel.INFO, format, arg); }
    @Override public void info(String format, Object arg1, Object arg2) { format(LogLevel.INFO, format, arg1, arg2); }
    @Override public void info(String format, Object... arguments) { format(LogLevel.INFO, format, arguments); }
    @Override public void info(String msg, Throwable t) { log(LogLevel.INFO, msg, t); }

    @Override public boolean isWarnEnabled() { return threshold.allows(LogLevel.WARN); }
    @Override public void warn(String msg) { log(LogLevel.WARN, msg, null); }
    @Override public void warn(String format, Object arg) { format(LogLevel.WARN, format, arg); }
    @Override public void warn(String format, Object arg1, Object arg2) { format(LogLevel.WARN, format, arg1, arg2); }
    @Override public void warn(String format, Object... arguments) { format(LogLevel.WARN, format, arguments); }
    @Override public void warn(String msg, Throwable t) { log(LogLevel.WARN, msg, t); }

    @Override public boolean isErrorEnabled() { return threshold.allows(LogLevel.ERROR); }
    @Override public void error(String msg) { log(LogLevel.ERROR, msg, null); }
    @Override public void error(String format, Object arg) { format(LogLevel.ERROR, format, arg); }
    @Override public void error(String format, Object arg1, Object arg2) { format(LogLevel.ERROR, format, arg1, arg2); }
    @Override public void error(String format, Object... arguments) { format(LogLevel.ERROR, format, arguments); }
    @Override public void error(String msg, Throwable t) { log(LogLevel.ERROR, msg, t); }
}
