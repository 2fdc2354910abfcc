package dev.carbonledger.streams.internal;

/**
 * A record that deserialized but violates its schema's meaning (a negative counter, a budget with no limit, a transfer
 * between teams without budgets ...). The processing exception handler sends its original bytes to the dead-letter
 * topic with the message as the reason, and processing continues. No stack trace: the reason says it all.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String reason) {
        super(reason, null, false, false);
    }
}
