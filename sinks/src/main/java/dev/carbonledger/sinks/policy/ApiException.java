package dev.carbonledger.sinks.policy;

import java.util.List;
import java.util.Map;

/**
 * A request the server answers with an error status and a JSON body {@code {"error": message, "status": n}}:
 * thrown by parameter parsing and endpoints, turned into the response by {@link PolicyHandler}. The message is
 * written for the caller: it names the parameter and what is expected, never an exception or a stack trace.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, List<String>> errors;

    ApiException(int status, String message, Map<String, List<String>> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = Map.copyOf(errors);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message, Map.of());
    }

    /** A 400 with the messages per parameter, as the Carbon Aware SDK lists validation errors. */
    static ApiException badRequest(Map<String, List<String>> errors) {
        String message = String.join("; ", errors.values().stream().flatMap(List::stream).toList());
        return new ApiException(400, message, errors);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message, Map.of());
    }

    int status() {
        return status;
    }

    /** Messages per parameter, when the endpoint reports them so; otherwise empty. */
    Map<String, List<String>> errors() {
        return errors;
    }
}
