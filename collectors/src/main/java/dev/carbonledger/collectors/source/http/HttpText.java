package dev.carbonledger.collectors.source.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Small blocking HTTP helper for sources: GET or POST, with a timeout, failing on any non-2xx status. */
public final class HttpText {
    private final HttpClient client;
    private final Duration timeout;

    public HttpText(HttpClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A client with its own connect timeout, following redirects. */
    public static HttpText withTimeout(Duration timeout) {
        return new HttpText(HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build(), timeout);
    }

    public String get(URI uri, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    public String get(URI uri) throws IOException {
        return get(uri, Map.of());
    }

    public String send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(request.method() + " " + redacted(request.uri()) + " interrupted", e);
        } catch (IOException e) {
            throw new IOException(request.method() + " " + redacted(request.uri()) + " failed: " + e, e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new HttpStatusException(status, request.method() + " " + redacted(request.uri()) + " returned HTTP "
                    + status + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
        }
        return response.body();
    }

    /**
     * A streamed GET (a Kubernetes watch): the response body as lines, read as they arrive. {@code timeout} bounds
     * the wait for the response headers and, where the JDK applies it, the whole exchange; a non-2xx status fails
     * as {@link #send} does. Close the stream to end the request.
     */
    public Stream<String> lines(URI uri, Map<String, String> headers, Duration timeout) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        HttpResponse<Stream<String>> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(request.method() + " " + redacted(request.uri()) + " interrupted", e);
        } catch (IOException e) {
            throw new IOException(request.method() + " " + redacted(request.uri()) + " failed: " + e, e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = lines.limit(20).collect(Collectors.joining(" ")).strip();
            }
            throw new HttpStatusException(status, request.method() + " " + redacted(request.uri()) + " returned HTTP "
                    + status + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
        }
        return response.body();
    }

    /** {@code base} (with or without a trailing slash or a path) followed by {@code pathAndQuery}. */
    public static URI join(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    /** The URI without its query string, which may carry tokens. */
    public static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    /** A response with a non-2xx status. */
    public static final class HttpStatusException extends IOException {
        private final int status;

        public HttpStatusException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
