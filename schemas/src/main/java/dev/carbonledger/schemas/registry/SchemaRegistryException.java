package dev.carbonledger.schemas.registry;

/** A registry call failed; {@link #status()} is the HTTP status where there was one, else -1. */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message) {
        this(message, -1, -1, null);
    }

    public int status() {
        return status;
    }

    /** Confluent error code (e.g. 40401 subject not found, 409 incompatible), or -1. */
    public int errorCode() {
        return errorCode;
    }
}
