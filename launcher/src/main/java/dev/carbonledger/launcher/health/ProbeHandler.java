package dev.carbonledger.launcher.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /livez} and {@code /readyz} as Kubernetes probes expect: 200 when every check passes, 503
 * otherwise, with a JSON body naming each part's state ({@code {"ready": false, "checks": {"streams":
 * {"ok": false, "detail": "REBALANCING"}}}}). Any other path answers 404. {@code HEAD} is answered like {@code GET}
 * without a body.
 */
public final class ProbeHandler implements HttpHandler {
    public static final String LIVENESS_PATH = "/livez";
    public static final String READINESS_PATH = "/readyz";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOGGER = LoggerFactory.getLogger(ProbeHandler.class);

    private final Probes probes;

    public ProbeHandler(Probes probes) {
        this.probes = probes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                send(exchange, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            switch (path) {
                case LIVENESS_PATH -> answer(exchange, "live", probes.liveness());
                case READINESS_PATH -> answer(exchange, "ready", probes.readiness());
                default -> send(exchange, 404, "{\"error\":\"not found: use /metrics, /livez or /readyz\"}");
            }
        }
    }

    private static void answer(HttpExchange exchange, String field, Map<String, Probe.Result> results) throws IOException {
        boolean ok = Probes.allOk(results);
        LOGGER.debug("event=probe probe={} ok={} checks={}", field, ok, results);
        ObjectNode body = JSON.createObjectNode().put(field, ok);
        ObjectNode checks = body.putObject("checks");
        results.forEach((name, r) -> checks.putObject(name).put("ok", r.ok()).put("detail", r.detail()));
        send(exchange, ok ? 200 : 503, JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
