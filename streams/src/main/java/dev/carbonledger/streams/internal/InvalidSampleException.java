package dev.carbonledger.streams.internal;

/**
 * A sample that deserialized but violates the schema's meaning (negative or non-finite counter, empty pod id or
 * component, timestamp too far in the future): dead-lettered with this message as the reason.
 */
public final class InvalidSampleException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidSampleException(String reason) {
        super(reason);
    }
}
