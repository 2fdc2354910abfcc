package dev.carbonledger.sinks.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to the Alertmanager v2 API ({@code POST /api/v2/alerts}) of every configured Alertmanager.
 * A post counts as delivered when at least one Alertmanager accepted it (they gossip among themselves).
 */
final class AlertmanagerClient {
    private static final Logger LOGGER = LoggerFactory.getLogger(AlertmanagerClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A firing alert's endsAt is this many resend intervals ahead, as Prometheus does, so that it resolves
     * by itself if the forwarder stops for good. */
    static final int FIRING_LEASE_INTERVALS = 4;

    /** All Alertmanagers refused or failed; {@code retriable} is false when every one answered 4xx (not 429). */
    static final class DeliveryException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean retriable;

        DeliveryException(String message, boolean retriable) {
            super(message);
            this.retriable = retriable;
        }

        boolean retriable() {
            return retriable;
        }
    }

    private final List<URI> endpoints;
    private final Duration requestTimeout;
    private final Duration resendInterval;
    private final HttpClient http;

    AlertmanagerClient(List<URI> alertmanagers, Duration requestTimeout, Duration resendInterval) {
        this.endpoints = alertmanagers.stream().map(AlertmanagerClient::alertsEndpoint).toList();
        this.requestTimeout = requestTimeout;
        this.resendInterval = resendInterval;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    static URI alertsEndpoint(URI base) {
        String s = base.toString();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v2/alerts");
    }

    void post(List<AlertEvent> alerts, Instant now) throws DeliveryException, InterruptedException {
        if (alerts.isEmpty()) {
            return;
        }
        byte[] body = payload(alerts, now, resendInterval);
        List<String> failures = new ArrayList<>();
        boolean anyRetriable = false;
        for (URI endpoint : endpoints) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    LOGGER.debug("event=alerts_posted endpoint={} alerts={}", endpoint, alerts.size());
                    return;
                }
                anyRetriable |= status >= 500 || status == 429 || status == 408;
                failures.add(endpoint + " answered " + status + " " + abbreviate(response.body()));
            } catch (IOException e) {
                anyRetriable = true;
                failures.add(endpoint + " failed: " + e);
            }
        }
        throw new DeliveryException("no Alertmanager accepted " + alerts.size() + " alert(s): "
                + String.join("; ", failures), anyRetriable);
    }

    /** The v2 API body: a JSON array of {labels, annotations, startsAt, endsAt}. */
    static byte[] payload(List<AlertEvent> alerts, Instant now, Duration resendInterval) {
        ArrayNode array = JSON.createArrayNode();
        for (AlertEvent event : alerts) {
            ObjectNode alert = array.addObject();
            ObjectNode labels = alert.putObject("labels");
            new TreeMap<>(event.getLabels()).forEach((k, v) -> labels.put(k.toString(), v.toString()));
            labels.put("alertname", event.getAlertName());
            ObjectNode annotations = alert.putObject("annotations");
            new TreeMap<>(event.getAnnotations()).forEach((k, v) -> annotations.put(k.toString(), v.toString()));
            alert.put("startsAt", event.getStartsAt().toString());
            alert.put("endsAt", endsAt(event, now, resendInterval).toString());
        }
        try {
            return JSON.writeValueAsBytes(array);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode alerts as JSON", e);
        }
    }

    static Instant endsAt(AlertEvent event, Instant now, Duration resendInterval) {
        if (event.getStatus() == AlertStatus.RESOLVED) {
            return event.getEndsAt() != null ? event.getEndsAt() : now;
        }
        return now.plus(resendInterval.multipliedBy(FIRING_LEASE_INTERVALS));
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

}
