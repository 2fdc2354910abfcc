package dev.carbonledger.launcher.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Alertmanager's webhook receiver for the test: a JDK HTTP server on 127.0.0.1 recording each notification. */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> notifications = new ArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in);
                synchronized (notifications) {
                    notifications.add(body);
                }
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Every alert of every notification received so far. */
    List<JsonNode> alerts() {
        List<JsonNode> out = new ArrayList<>();
        synchronized (notifications) {
            notifications.forEach(n -> n.get("alerts").forEach(out::add));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
