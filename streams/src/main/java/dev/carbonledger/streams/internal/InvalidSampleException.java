package dev.carbonledger.streams.internal;

/**
 * A sample that deserialized but violates the schema's meaning (negative or non-finite counter, empty pod id or
 * component, timestamp too far in the future). The processing exception handler sends its original bytes to the
 * dead-letter topic with this message as the reason, and processing continues.
 */
public final class InvalidSampleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSampleException(String reason) {
        super(reason, null, false, false);
    }
}
