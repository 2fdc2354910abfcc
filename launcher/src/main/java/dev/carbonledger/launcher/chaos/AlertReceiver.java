package dev.carbonledger.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alertmanager's v2 API as the forwarder posts to it ({@code POST /api/v2/alerts}). Alertmanager notifies once per
 * firing episode of an alert (its label set and {@code startsAt}) and deduplicates re-posts of the same episode; so an
 * episode posted firing after it was posted resolved, or an episode the alert topic never had, is a duplicate
 * notification.
 */
final class AlertReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Episode(String labels, String startsAt) {}

    private final Set<Episode> firing = new HashSet<>();
    private final Set<Episode> resolved = new HashSet<>();
    private final List<Episode> refired = new ArrayList<>();
    private long posts;
    private HttpServer server;

    AlertReceiver start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/api/v2/alerts")) {
                try (InputStream in = exchange.getRequestBody()) {
                    record(JSON.readTree(in));
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void record(JsonNode alerts) {
        posts++;
        Instant now = Instant.now();
        for (JsonNode alert : alerts) {
            TreeMap<String, String> labels = new TreeMap<>();
            alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            Episode episode = new Episode(labels.toString(), alert.path("startsAt").asText());
            String endsAt = alert.path("endsAt").asText("");
            boolean isResolved = !endsAt.isEmpty() && Instant.parse(endsAt).isBefore(now);
            if (isResolved) {
                resolved.add(episode);
            } else {
                if (resolved.contains(episode)) {
                    refired.add(episode);
                }
                firing.add(episode);
            }
        }
    }

    synchronized long posts() {
        return posts;
    }

    synchronized Set<Episode> firingEpisodes() {
        return Set.copyOf(firing);
    }

    /** Episodes posted firing again after they were posted resolved. */
    synchronized List<Episode> refired() {
        return List.copyOf(refired);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
