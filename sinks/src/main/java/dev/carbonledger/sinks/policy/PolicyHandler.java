package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link PolicyApi} routes over the JDK HTTP server, in this order: bearer token (401), path (404),
 * method (405), readiness (503), body size (413), then the endpoint (400 for bad parameters). Every answer is JSON;
 * errors are {@code {"error": message, "status": n}}, and an unexpected failure is logged and answered with a generic
 * 500 (never an exception or stack trace in the body).
 */
final class PolicyHandler implements HttpHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyHandler.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String CONTENT_TYPE = "application/json";

    private final List<Route> routes;
    private final PolicyState state;
    private final Clock clock;
    private final byte[] tokenDigest;
    private final RateLimiter limiter;

    PolicyHandler(List<Route> routes, PolicyState state, Clock clock, Optional<String> bearerToken) {
        this(routes, state, clock, bearerToken, new RateLimiter(0));
    }

    PolicyHandler(List<Route> routes, PolicyState state, Clock clock, Optional<String> bearerToken, RateLimiter limiter) {
        this.routes = List.copyOf(routes);
        this.state = state;
        this.clock = clock;
        this.tokenDigest = bearerToken.map(PolicyHandler::sha256).orElse(null);
        this.limiter = limiter;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        Route route = null;
        Reply reply;
        try {
            List<String> segments = segments(exchange.getRequestURI().getRawPath());
            route = segments == null ? null : find(segments);
            reply = answer(exchange, route, segments);
        } catch (ApiException e) {
            reply = error(e.status(), e.getMessage(), route != null && route.opaErrors(), e.errors(), Map.of());
        } catch (RuntimeException e) {
            LOGGER.error("event=policy_request_failed method={} path=\"{}\" error=\"{}\"", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString(), e);
            reply = error(500, "internal error: the policy server could not answer this request; its log has the details",
                    route != null && route.opaErrors(), Map.of(), Map.of());
        }
        try {
            send(exchange, reply);
        } catch (IOException e) {
            LOGGER.debug("event=policy_response_failed error=\"{}\"", e.toString());
        } finally {
            exchange.close();
        }
        LOGGER.debug("event=policy_request method={} path=\"{}\" status={} micros={}", exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), reply.status(), (System.nanoTime() - started) / 1000);
    }

    private Reply answer(HttpExchange exchange, Route route, List<String> segments) throws IOException {
        boolean opa = route != null && route.opaErrors();
        if (!limiter.tryAcquire(exchange.getRemoteAddress().getAddress().getHostAddress(), System.nanoTime())) {
            return error(429, "too many requests: at most " + limiter.perSecond() + " a second from one client (bursts of "
                    + 2 * limiter.perSecond() + "); retry after a second", opa, Map.of(), Map.of("Retry-After", "1"));
        }
        if ((route == null || !route.open()) && !authorized(exchange)) {
            return error(401, "a bearer token is required: send 'Authorization: Bearer <token>'", opa, Map.of(),
                    Map.of("WWW-Authenticate", "Bearer realm=\"carbon-ledger\""));
        }
        if (route == null) {
            return error(404, "no such endpoint: " + Views.printable(exchange.getRequestURI().getRawPath())
                    + "; the endpoints are listed in /openapi.json", false, Map.of(), Map.of());
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!route.methods().contains(method)) {
            String allow = String.join(", ", new TreeSet<>(route.methods()));
            return error(405, "method " + Views.printable(method) + " is not allowed on " + route.template()
                    + "; allowed: " + allow, opa, Map.of(), Map.of("Allow", allow));
        }
        if (route.needsData() && !state.isCaughtUp()) {
            return error(503, PolicyApi.NOT_CAUGHT_UP, opa, Map.of(), Map.of("Retry-After", "1"));
        }
        byte[] body = method.equals("POST") ? readBody(exchange) : new byte[0];
        Route.Request request = new Route.Request(method, route.match(segments),
                QueryParams.parse(exchange.getRequestURI().getRawQuery()), body, clock.instant());
        return route.endpoint().handle(request);
    }

    private Route find(List<String> segments) {
        for (Route r : routes) {
            if (r.match(segments) != null) {
                return r;
            }
        }
        return null;
    }

    /** The decoded path segments after the leading slash, or null when the path is not well encoded. */
    private static List<String> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String s : rawPath.substring(1).split("/", -1)) {
            try {
                // '+' is a literal plus in a path, not a space.
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return out;
    }

    boolean authorized(HttpExchange exchange) {
        if (tokenDigest == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests of equal length, compared in constant time: timing tells nothing about the token.
        return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).strip()));
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Content-Length must be a number of bytes");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return body;
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes", Map.of());
    }

    static Reply error(int status, String message, boolean opa, Map<String, List<String>> errors,
                       Map<String, String> headers) {
        ObjectNode body = Json.object();
        body.put("error", message);
        body.put("status", status);
        if (!errors.isEmpty()) {
            ObjectNode byParam = body.putObject("errors");
            errors.forEach((param, messages) -> messages.forEach(byParam.putArray(param)::add));
        }
        if (opa) {
            body.put("code", opaCode(status));
            body.put("message", message);
        }
        return new Reply(status, body, headers);
    }

    /** OPA's error codes ({@code invalid_parameter}, {@code unauthorized} ...). */
    private static String opaCode(int status) {
        return switch (status) {
            case 400, 413 -> "invalid_parameter";
            case 401 -> "unauthorized";
            case 404 -> "resource_not_found";
            case 405 -> "method_not_allowed";
            case 503 -> "unavailable";
            default -> "internal_error";
        };
    }

    static void send(HttpExchange exchange, Reply reply) throws IOException {
        JsonNode body = reply.body();
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
