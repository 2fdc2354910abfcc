package dev.carbonledger.collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real JDK HTTP server on 127.0.0.1 and an ephemeral port, serving canned responses per path. */
public final class TestHttpServer implements AutoCloseable {
    /** A request as received: method, path with query, headers, body. */
    public record Request(String method, URI uri, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A canned response. */
    public record Response(int status, String contentType, String body) {}

    private final HttpServer server;
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public TestHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public TestHttpServer respond(String path, int status, String contentType, String body) {
        responses.put(path, new Response(status, contentType, body));
        return this;
    }

    public TestHttpServer respondWithResource(String path, String contentType, String resource) {
        return respond(path, 200, contentType, resource(resource));
    }

    public static String resource(String name) {
        try (InputStream in = TestHttpServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("test resource not found: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    public URI baseUri() {
        return uri("");
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Response response = responses.get(exchange.getRequestURI().getPath());
        if (response == null) {
            response = new Response(404, "text/plain", "no canned response for " + exchange.getRequestURI().getPath());
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
