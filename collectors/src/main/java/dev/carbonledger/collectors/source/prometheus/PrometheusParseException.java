package dev.carbonledger.collectors.source.prometheus;

/** The exposition text is not valid Prometheus text format; the message names the line. */
public final class PrometheusParseException extends IllegalArgumentException {
    public PrometheusParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
