package dev.carbonledger.collectors.source.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one way sources fetch JSON over HTTP: a request through {@link HttpText} (timeout, non-2xx status fails),
 * the body parsed to a tree. Every error names the provider, the method and the URL without its query string
 * (which may carry keys; headers are never logged), the HTTP status and an excerpt of the body:
 * {@code electricitymaps: GET https://api.electricitymap.org/v3/carbon-intensity/latest returned HTTP 401: ...}.
 * A status error stays an {@link HttpText.HttpStatusException}, so callers can react to 401 or 410.
 */
public final class JsonFetch {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpText http;
    private final String provider;

    public JsonFetch(HttpText http, String provider) {
        this.http = Objects.requireNonNull(http, "http");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    public JsonNode get(URI uri, Map<String, String> headers) throws IOException {
        String body;
        try {
            body = http.get(uri, headers);
        } catch (HttpText.HttpStatusException e) {
            throw new HttpText.HttpStatusException(e.status(), provider + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IOException(provider + ": " + e.getMessage(), e);
        }
        return parse(body, "GET", uri, HttpText.secretsOf(headers.values()));
    }

    /** A prepared request (a login with its own headers and timeout, a POST ...). */
    public JsonNode send(HttpRequest request) throws IOException {
        String body;
        try {
            body = http.send(request);
        } catch (HttpText.HttpStatusException e) {
            throw new HttpText.HttpStatusException(e.status(), provider + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IOException(provider + ": " + e.getMessage(), e);
        }
        return parse(body, request.method(), request.uri(), HttpText.secretsOf(request));
    }

    private JsonNode parse(String body, String method, URI uri, List<String> secrets) throws IOException {
        try {
            JsonNode tree = MAPPER.readTree(body == null ? "" : body);
            if (tree == null || tree.isMissingNode()) {
                throw new IOException(provider + " returned an empty body to " + method + " " + HttpText.redacted(uri));
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new IOException(provider + " returned invalid JSON to " + method + " " + HttpText.redacted(uri) + ": "
                    + "not JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + " (the parser's own message, which may quote the body, is left out); body starts: "
                    + HttpText.excerpt(body, secrets));
        }
    }
}
