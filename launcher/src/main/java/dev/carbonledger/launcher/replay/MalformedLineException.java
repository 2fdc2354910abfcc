package dev.carbonledger.launcher.replay;

/** A replay input line that cannot be used; the message is the reason shown to the operator. */
final class MalformedLineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedLineException(String reason) {
        super(reason, null, false, false);
    }
}
