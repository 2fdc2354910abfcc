package dev.carbonledger.launcher.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The policy server's HTTP API as a pipeline step calls it: {@code GET /v1/gate} and {@code GET /v1/windows}, with an
 * optional bearer token. A refused request (4xx) throws {@link IllegalArgumentException} with the server's message; a
 * server that cannot be reached or answers 5xx throws {@link IOException}.
 */
final class PolicyClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    PolicyClient(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    JsonNode gate(String team, String workloadClass) throws IOException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("team", team);
        if (workloadClass != null) {
            query.put("class", workloadClass);
        }
        return get("/v1/gate", query);
    }

    JsonNode window(String zone, Duration duration, String deadline, Duration maxDelay) throws IOException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("zone", zone);
        query.put("duration", duration.toString());
        query.put("deadline", deadline);
        query.put("maxDelay", maxDelay.toString());
        return get("/v1/windows", query);
    }

    private JsonNode get(String path, Map<String, String> query) throws IOException, InterruptedException {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        URI uri = URI.create(root + path + "?" + q);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException("policy server " + root + " cannot be reached (" + why + ")", e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 401 || status == 403) {
            throw new IOException("policy server " + root + path + " answered " + status + ": " + message(response.body()));
        }
        if (status >= 400) {
            throw new IllegalArgumentException("policy server refused " + path + ": " + message(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.hasNonNull("error") ? n.get("error").asText() : n.hasNonNull("message") ? n.get("message").asText() : body;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }
}
