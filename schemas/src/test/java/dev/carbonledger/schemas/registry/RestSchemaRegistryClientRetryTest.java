package dev.carbonledger.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries and failover against a tiny local HTTP server that misbehaves on purpose. */
class RestSchemaRegistryClientRetryTest {
    private static final Duration BACKOFF = Duration.ofMillis(5);

    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers {@code failures} times with the given status, then 200 with {@code ["s-value"]}. */
    private String serve(int failures, int failureStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (n <= failures) {
                respond(exchange, failureStatus, "{\"error_code\": " + failureStatus + ", \"message\": \"try later\"}");
            } else {
                respond(exchange, 200, "[\"s-value\"]");
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldSucceedWhenServerFailsTwiceWith503ThenAnswers() throws IOException {
        String url = serve(2, 503);
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.builder(url)
                .retries(3, BACKOFF, BACKOFF).basicAuth("u", "p").build());

        List<String> subjects = client.subjects();

        assertThat(subjects).containsExactly("s-value");
        assertThat(requests).hasValue(3);
        assertThat(authorizations).allMatch(h -> h.equals("Basic dTpw"));
    }

    @Test
    void shouldGiveUpWithLastErrorWhenRetriesAreExhausted() throws IOException {
        String url = serve(10, 503);
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.builder(url)
                .retries(2, BACKOFF, BACKOFF).build());

        assertThatThrownBy(client::subjects).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("try later").contains("GET /subjects");
            assertThat(e.unavailable()).as("a 5xx is the registry's state, not the record's").isTrue();
        });
        assertThat(requests).hasValue(3);
    }

    @Test
    void shouldCallAnUnreachableRegistryUnavailableEvenWhenWrapped() throws IOException {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.builder(
                "http://127.0.0.1:" + freePort()).retries(1, BACKOFF, BACKOFF).build());

        assertThatThrownBy(() -> client.getById(1)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.unavailable()).isTrue();
            assertThat(SchemaRegistryException.unavailableIn(
                    new org.apache.kafka.common.errors.SerializationException("cannot read", e))).isTrue();
        });
    }

    @Test
    void shouldNotRetryClientErrors() throws IOException {
        String url = serve(10, 404);
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.builder(url)
                .retries(3, BACKOFF, BACKOFF).build());

        assertThatThrownBy(client::subjects).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.unavailable()).as("a 4xx is about the request: dead-letter material").isFalse();
            assertThat(SchemaRegistryException.unavailableIn(new RuntimeException(e))).isFalse();
        });
        assertThat(requests).hasValue(1);
    }

    @Test
    void shouldFailOverToNextUrlWhenFirstRefusesConnections() throws IOException {
        String good = serve(0, 0);
        String dead = "http://127.0.0.1:" + freePort();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.builder(dead + "," + good)
                .retries(1, BACKOFF, BACKOFF).build());

        assertThat(client.subjects()).containsExactly("s-value");
        assertThat(client.subjects()).containsExactly("s-value");
        assertThat(requests).hasValue(2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }
}
