package dev.carbonledger.sinks.policy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser live view in front of the {@link PolicyHandler}: the page ({@code /}) and its script and style sheet
 * ({@code /live/...}, plain files from the jar, no build step, nothing loaded from elsewhere), and the server-sent
 * event streams {@code /v1/stream/{teams|zones|sci|alerts}}. Every other path goes to the policy handler. The page
 * and its files hold no data and are served without the bearer token; the streams require it when one is set.
 */
final class LiveHandler implements HttpHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiveHandler.class);
    static final String STREAM_PREFIX = "/v1/stream/";
    /** The paths the OpenAPI document describes (GET only; the page's own files are not listed), and the open ones. */
    static final Set<String> DOCUMENTED_PATHS = Set.of("/", STREAM_PREFIX + "{stream}");
    static final Set<String> OPEN_PATHS = Set.of("/");
    private static final String RESOURCES = "/dev/carbonledger/sinks/live/";
    /** Same origin only: the page runs offline, with no CDN, inline script or inline style. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType) {}

    private final PolicyHandler policy;
    private final LiveView live;
    private final Map<String, Asset> assets;

    LiveHandler(PolicyHandler policy, LiveView live) {
        this.policy = policy;
        this.live = live;
        this.assets = Map.of(
                "/", load("index.html", "text/html; charset=utf-8"),
                "/live/live.js", load("live.js", "text/javascript; charset=utf-8"),
                "/live/live.css", load("live.css", "text/css; charset=utf-8"),
                "/live/icon.svg", load("icon.svg", "image/svg+xml"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Asset asset = assets.get(path);
        if (asset != null) {
            if (!exchange.getRequestMethod().equals("GET")) {
                reply(exchange, PolicyHandler.error(405, "method " + Views.printable(exchange.getRequestMethod())
                        + " is not allowed on " + path + "; allowed: GET", false, Map.of(), Map.of("Allow", "GET")));
                return;
            }
            serve(exchange, asset);
        } else if (path != null && path.startsWith(STREAM_PREFIX)) {
            stream(exchange, path.substring(STREAM_PREFIX.length()));
        } else {
            policy.handle(exchange);
        }
    }

    private void stream(HttpExchange exchange, String name) throws IOException {
        if (!policy.authorized(exchange)) {
            reply(exchange, PolicyHandler.error(401, "a bearer token is required: send 'Authorization: Bearer <token>'",
                    false, Map.of(), Map.of("WWW-Authenticate", "Bearer realm=\"carbon-ledger\"")));
        } else if (!LiveView.STREAMS.contains(name)) {
            reply(exchange, PolicyHandler.error(404, "no such stream: " + Views.printable(name)
                    + "; the streams are " + String.join(", ", new TreeSet<>(LiveView.STREAMS)), false,
                    Map.of(), Map.of()));
        } else if (!exchange.getRequestMethod().equals("GET")) {
            reply(exchange, PolicyHandler.error(405, "method " + Views.printable(exchange.getRequestMethod())
                    + " is not allowed on " + STREAM_PREFIX + name + "; allowed: GET", false, Map.of(),
                    Map.of("Allow", "GET")));
        } else if (!live.streams().open(name, exchange)) {
            reply(exchange, PolicyHandler.error(503, "too many live view streams are open (the maximum is "
                    + live.streams().maxClients() + ", setting maxStreamClients); close other live views or retry "
                    + "later", false, Map.of(), Map.of("Retry-After", "10")));
        }
        // An opened stream stays open: its writer task ends it.
    }

    private static void serve(HttpExchange exchange, Asset asset) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", asset.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        try {
            exchange.sendResponseHeaders(200, asset.bytes().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(asset.bytes());
            }
        } catch (IOException e) {
            LOGGER.debug("event=live_asset_failed error=\"{}\"", e.toString());
        } finally {
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, Reply reply) {
        try {
            PolicyHandler.send(exchange, reply);
        } catch (IOException e) {
            LOGGER.debug("event=live_response_failed error=\"{}\"", e.toString());
        } finally {
            exchange.close();
        }
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = LiveHandler.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the sinks jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
        }
    }
}
