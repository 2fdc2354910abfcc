package dev.carbonledger.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API (also served by Apicurio's ccompat API, Karapace, Redpanda
 * and the embedded registry of the {@code registry} module). Ids are cached both ways; I/O errors and 5xx answers are retried with
 * exponential backoff, trying the configured URLs in turn; error bodies become {@link SchemaRegistryException}s
 * with the HTTP status and Confluent error code. Thread-safe.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOGGER = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RestRegistryConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private volatile int preferredUrl;

    public RestSchemaRegistryClient(RestRegistryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        SSLContext ssl = sslContext(config);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
        this.authorization = config.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** A client for one URL with default settings. */
    public static RestSchemaRegistryClient of(String url) {
        return new RestSchemaRegistryClient(RestRegistryConfig.of(url));
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requireInt(answer, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw new SchemaRegistryException("Schema " + id + " is of type " + type.asText() + ", only AVRO is supported");
        }
        Schema schema = SchemaStore.parse(requireText(answer, "schema"));
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
            JsonNode compatible = answer.get("is_compatible");
            if (compatible == null || !compatible.isBoolean()) {
                throw new SchemaRegistryException("Registry answer lacks boolean 'is_compatible': " + answer);
            }
            return compatible.asBoolean();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true; // nothing registered yet: anything is compatible
            }
            throw e;
        }
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = call("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        answer.forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = requireInt(answer, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public List<Integer> versions(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions", null);
        List<Integer> versions = new ArrayList<>();
        answer.forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        return new RegisteredSchema(requireText(answer, "subject"), requireInt(answer, "version"),
                requireInt(answer, "id"), requireText(answer, "schema"));
    }

    /** The global compatibility level ({@code GET /config}). */
    public CompatibilityLevel compatibility() {
        return CompatibilityLevel.parse(requireText(call("GET", "/config", null), "compatibilityLevel"));
    }

    /** Sets the level globally ({@code subject == null}) or for one subject ({@code PUT /config[/subject]}). */
    public void setCompatibility(String subject, CompatibilityLevel level) {
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        call("PUT", path, MAPPER.createObjectNode().put("compatibility", level.name()).toString());
    }

    /**
     * One request with retries. I/O errors and 5xx answers are retried up to {@code maxRetries} times with
     * exponential backoff, moving on to the next URL; 4xx answers are thrown at once.
     */
    JsonNode call(String method, String path, String body) {
        List<URI> urls = config.urls();
        int attempts = config.maxRetries() + 1;
        RuntimeException lastFailure = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                sleep(backoff(attempt));
            }
            int index = Math.floorMod(preferredUrl + attempt, urls.size());
            URI url = urls.get(index);
            try {
                HttpResponse<InputStream> response = http.send(request(url, method, path, body),
                        HttpResponse.BodyHandlers.ofInputStream());
                byte[] bytes;
                try (InputStream in = response.body()) {
                    bytes = in.readAllBytes();
                }
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    preferredUrl = index;
                    return bytes.length == 0 ? MAPPER.nullNode() : MAPPER.readTree(bytes);
                }
                SchemaRegistryException error = errorOf(method, path, status, bytes, authorization != null);
                if (status < 500) {
                    throw error;
                }
                lastFailure = error;
            } catch (IOException e) {
                lastFailure = new SchemaRegistryException("Schema registry " + method + " " + url + path
                        + " failed: " + describe(url, e), -1, -1, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted during schema registry " + method + " " + path, -1, -1, e);
            }
            LOGGER.warn("Schema registry call failed method={} url={}{} attempt={} of={} reason={}",
                    method, url, path, attempt + 1, attempts, lastFailure.getMessage());
        }
        throw lastFailure;
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + path))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private Duration backoff(int retry) {
        long initial = config.initialBackoff().toMillis();
        long millis = initial << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxBackoff().toMillis()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while backing off a schema registry call", -1, -1, e);
        }
    }

    /**
     * What went wrong below HTTP, in words an operator can act on: TLS problems name the truststore, a server that
     * hangs up on plain HTTP is probably serving HTTPS.
     */
    private static String describe(URI url, IOException e) {
        SSLException tls = causeOf(e, SSLException.class);
        if (tls != null) {
            String reason = rootMessage(tls);
            if (tls instanceof SSLHandshakeException) {
                return "the TLS handshake failed (" + reason + "); is the registry's certificate, or its CA, in the"
                        + " client's truststore (ssl.truststore.location) and does it name the URL's host?";
            }
            return "TLS failed (" + reason + "); does the registry serve HTTPS at this address, or plain HTTP?";
        }
        if ("http".equalsIgnoreCase(url.getScheme()) && causeOf(e, EOFException.class) != null) {
            return "the registry closed the connection without an answer; if it serves HTTPS, use an https:// URL";
        }
        return e.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static SchemaRegistryException errorOf(String method, String path, int status, byte[] body,
            boolean sentCredentials) {
        int code = -1;
        String message = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                code = node.path("error_code").asInt(-1);
                if (node.hasNonNull("message")) {
                    message = node.get("message").asText();
                }
            }
        } catch (IOException e) {
            // not JSON: keep the raw body as the message
        }
        if (message.length() > 500) {
            message = message.substring(0, 500) + "...";
        }
        if (status == 401) {
            message = (sentCredentials ? "the registry did not accept the basic-auth credentials"
                    : "the registry requires basic-auth credentials and none were given")
                    + " (basic.auth.user.info or user:password@ in the URL)" + (message.isEmpty() ? "" : ": " + message);
        }
        return new SchemaRegistryException("Schema registry " + method + " " + path + " answered HTTP " + status
                + (code > 0 ? " (error " + code + ")" : "") + ": " + message, status, code, null);
    }

    private static String schemaBody(Schema schema) {
        // schemaType is omitted for Avro: old registries reject the field and Avro is the default.
        return MAPPER.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int requireInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Registry answer lacks integer '" + field + "': " + node);
        }
        return value.asInt();
    }

    private static String requireText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new SchemaRegistryException("Registry answer lacks text '" + field + "': " + node);
        }
        return value.asText();
    }

    private static SSLContext sslContext(RestRegistryConfig config) {
        if (config.sslContext() != null) {
            return config.sslContext();
        }
        if (config.truststorePath() == null && config.keystorePath() == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = null;
            if (config.truststorePath() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(config.truststorePath(), config.truststorePassword()));
            }
            KeyManagerFactory keys = null;
            if (config.keystorePath() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = config.keystorePassword() == null ? new char[0] : config.keystorePassword().toCharArray();
                keys.init(load(config.keystorePath(), config.keystorePassword()), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry client: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, String password) throws GeneralSecurityException, IOException {
        String type = path.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    private record SubjectSchema(String subject, Schema schema) {}
}
