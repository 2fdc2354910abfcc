package dev.carbonledger.launcher.report;

/** An expected reason for a report to fail (a missing topic, an unreachable cluster ...): shown as a message, exit 1. */
public final class ReportFailure extends RuntimeException {
    public ReportFailure(String message) {
        super(message);
    }

    public ReportFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
