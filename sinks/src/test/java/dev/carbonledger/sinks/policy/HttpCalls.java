package dev.carbonledger.sinks.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A test client for the policy server that checks, on every response, what holds for all of them: JSON with
 * Content-Type application/json, and never an exception name or a stack frame in the body.
 */
final class HttpCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response with its body parsed. */
    record Answer(int status, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String error() {
            return json.path("error").asText();
        }
    }

    private final URI base;
    private final HttpClient client;
    private String token;

    HttpCalls(URI base) {
        this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    HttpCalls(URI base, SSLContext tls) {
        this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    private HttpCalls(URI base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** Sends {@code Authorization: Bearer <token>} from now on (null: none). */
    HttpCalls withToken(String value) {
        this.token = value;
        return this;
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body));
    }

    Answer send(String method, String pathAndQuery, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10)).method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of %s %s", method, pathAndQuery)
                .contains("application/json");
        assertThat(response.body()).as("body of %s %s", method, pathAndQuery)
                .doesNotContain("Exception").doesNotContain("at dev.carbonledger");
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
            assertThat(json.path("error").asText()).as("error message of %s %s", method, pathAndQuery).isNotBlank();
            assertThat(json.path("status").asInt()).isEqualTo(response.statusCode());
        }
        return new Answer(response.statusCode(), json, response);
    }
}
