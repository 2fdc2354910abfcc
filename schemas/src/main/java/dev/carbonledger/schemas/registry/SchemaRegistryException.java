package dev.carbonledger.schemas.registry;

/** A registry call failed; {@link #status()} is the HTTP status where there was one, else -1. */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Confluent error codes used by this project. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int UNPROCESSABLE_ENTITY = 422;
    public static final int STORE_ERROR = 50001;

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

    /** An error with a Confluent error code; the HTTP status is derived from it as Confluent does. */
    public static SchemaRegistryException of(int errorCode, String message) {
        return new SchemaRegistryException(message, httpStatusOf(errorCode), errorCode, null);
    }

    public int status() {
        return status;
    }

    /**
     * Whether the registry could not be reached (refused, timed out; not a TLS failure) or answered 5xx: a passing condition, not a property of the record or
     * schema at hand. Readers must not dead-letter a record for it, writers must not drop one; they retry later.
     */
    public boolean unavailable() {
        if (status >= 500) {
            return true;
        }
        // A refused or timed-out connection passes; a TLS failure (untrusted certificate, plain http to an https
        // port) is a configuration error that waiting would never fix.
        boolean io = false;
        for (Throwable t = getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return false;
            }
            io |= t instanceof java.io.IOException;
        }
        return io;
    }

    /** Whether {@code failure} or one of its causes is a {@link #unavailable()} registry failure. */
    public static boolean unavailableIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException e && e.unavailable()) {
                return true;
            }
        }
        return false;
    }

    /** Confluent error code (e.g. 40401 subject not found, 409 incompatible), or -1. */
    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status that goes with a Confluent error code: 40401 → 404, 409 → 409, 42201 → 422. */
    public static int httpStatusOf(int errorCode) {
        return errorCode >= 10_000 ? errorCode / 100 : errorCode;
    }
}
