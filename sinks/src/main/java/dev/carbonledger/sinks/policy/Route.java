package dev.carbonledger.sinks.policy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One endpoint of the policy server: a path template ({@code /v1/keda/teams/{team}}: a {@code {name}} segment
 * matches one non-empty path segment), its methods, and how it is guarded.
 *
 * @param open      served without the bearer token (OpenAPI document, liveness, readiness)
 * @param needsData answers 503 until the server has caught up with its topics
 * @param opaErrors error bodies also carry OPA's {@code code} and {@code message}
 */
record Route(String template, Set<String> methods, boolean open, boolean needsData, boolean opaErrors,
             Endpoint endpoint) {

    /** What an endpoint does with a request. */
    @FunctionalInterface
    interface Endpoint {
        /** @throws ApiException for an answer other than the endpoint's normal one */
        Reply handle(Request request);
    }

    /** A request as endpoints see it: no HTTP server types. */
    record Request(String method, Map<String, String> pathParams, QueryParams query, byte[] body, Instant now) {
        String pathParam(String name) {
            return pathParams.get(name);
        }
    }

    Route {
        methods = Set.copyOf(methods);
    }

    static Route get(String template, boolean open, boolean needsData, Endpoint endpoint) {
        return new Route(template, Set.of("GET"), open, needsData, false, endpoint);
    }

    /** The path parameters when {@code segments} (decoded, without the leading empty one) match, else null. */
    Map<String, String> match(List<String> segments) {
        String[] parts = template.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String segment = segments.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segment.isEmpty()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 1), segment);
            } else if (!part.equals(segment)) {
                return null;
            }
        }
        return params;
    }
}
