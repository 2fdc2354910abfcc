package org.slf4j.impl;

import dev.carbonledger.launcher.logging.CliLoggerFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/** slf4j 1.7's binding point: the CLI's own backend (text or JSON lines on stderr), see launcher/README.md. */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

    /** The slf4j API version this binding is compiled against. */
    public static String REQUESTED_API_VERSION = "1.6.99";

    private final ILoggerFactory factory = CliLoggerFactory.fromEnvironment();

    private StaticLoggerBinder() {}

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public String getLoggerFactoryClassStr() {
        return CliLoggerFactory.class.getName();
    }
}
