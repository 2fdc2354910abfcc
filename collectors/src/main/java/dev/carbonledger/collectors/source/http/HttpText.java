package dev.carbonledger.collectors.source.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Small blocking HTTP helper for sources: GET or POST, with a timeout, failing on any non-2xx status. Bodies are read
 * up to {@link #MAX_BODY_BYTES} (a larger answer is an error, not an out-of-memory). Error messages never carry a
 * secret: URLs lose their user info and query string, and the body excerpt of an error has every request header
 * value (tokens, basic-auth credentials) replaced by {@code [redacted]}, in case the server echoes them.
 */
public final class HttpText {
    /** Far above a Kepler exposition of a node with a thousand pods (a few MB); a hostile answer stops here. */
    public static final int MAX_BODY_BYTES = 64 << 20;
    private static final int EXCERPT = 200;
    private static final String REDACTED = "[redacted]";

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
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(request.method() + " " + redacted(request.uri()) + " interrupted", e);
        } catch (IOException e) {
            throw new IOException(request.method() + " " + redacted(request.uri()) + " failed: " + e, e);
        }
        String body;
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException(request.method() + " " + redacted(request.uri()) + " returned more than "
                        + (MAX_BODY_BYTES >> 20) + " MiB (HTTP " + response.statusCode() + "): not read");
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String excerpt = excerpt(body, secretsOf(request));
            throw new HttpStatusException(status, request.method() + " " + redacted(request.uri()) + " returned HTTP "
                    + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
        }
        return body;
    }

    /**
     * At most 200 characters of a response body for an error message, with every {@code secrets} value (request
     * header values, see {@link #secretsOf}) replaced by {@code [redacted]}.
     */
    public static String excerpt(String body, Collection<String> secrets) {
        String text = body == null ? "" : body.strip();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                text = text.replace(secret, REDACTED);
            }
        }
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    }

    /** The values of a request's headers, and for basic auth the decoded user and password too. */
    public static List<String> secretsOf(HttpRequest request) {
        return secretsOf(request.headers().map().values().stream().flatMap(List::stream).toList());
    }

    /** {@code headerValues}, and for basic or bearer auth the credentials inside them too. */
    public static List<String> secretsOf(Collection<String> headerValues) {
        List<String> secrets = new ArrayList<>();
        for (String value : headerValues) {
            secrets.add(value);
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.startsWith("bearer ")) {
                secrets.add(value.substring(7).strip());
            } else if (lower.startsWith("basic ")) {
                String encoded = value.substring(6).strip();
                secrets.add(encoded);
                try {
                    String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                    secrets.add(decoded);
                    int colon = decoded.indexOf(':');
                    if (colon >= 0) {
                        secrets.add(decoded.substring(0, colon));
                        secrets.add(decoded.substring(colon + 1));
                    }
                } catch (IllegalArgumentException notBase64) {
                    // nothing more to hide
                }
            }
        }
        // Longest first, so that a value is replaced before any part of it.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return secrets;
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
                body = lines.limit(20).map(l -> l.length() > EXCERPT ? l.substring(0, EXCERPT) : l)
                        .collect(Collectors.joining(" "));
            }
            String excerpt = excerpt(body, secretsOf(request));
            throw new HttpStatusException(status, request.method() + " " + redacted(request.uri()) + " returned HTTP "
                    + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
        }
        return response.body();
    }

    /** {@code base} (with or without a trailing slash or a path) followed by {@code pathAndQuery}. */
    public static URI join(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    /** The URI without its user info and query string, which may carry credentials and tokens. */
    public static String redacted(URI uri) {
        String host = uri.getHost() == null ? String.valueOf(uri.getRawAuthority()).replaceFirst("^.*@", "") : uri.getHost();
        return uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
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
