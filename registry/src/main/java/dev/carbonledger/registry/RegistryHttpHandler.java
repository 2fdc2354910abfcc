package dev.carbonledger.registry;

import dev.carbonledger.schemas.registry.CompatibilityLevel;
import dev.carbonledger.schemas.registry.RegisteredSchema;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.registry.SchemaStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST subset over a {@link SchemaStore}: subjects, versions, ids, compatibility
 * and config, with Confluent's error bodies {@code {"error_code": ..., "message": ...}}.
 */
final class RegistryHttpHandler implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final SchemaStore store;

    RegistryHttpHandler(SchemaStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(exchange);
            } catch (SchemaRegistryException e) {
                response = error(e.status() > 0 ? e.status() : 500, e.errorCode() > 0 ? e.errorCode() : 50001, e.getMessage());
            } catch (JsonProcessingException e) {
                response = error(400, 400, "Unrecognized JSON body: " + e.getOriginalMessage());
            } catch (RuntimeException e) {
                LOGGER.warn("Schema registry request failed method={} path={}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), e);
                response = error(500, 50001, "Error in the backend data store: " + e.getMessage());
            }
            send(exchange, response);
        }
    }

    private Response route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
        int n = path.size();
        String root = n == 0 ? "" : path.get(0);
        switch (root) {
            case "":
                return ok(MAPPER.createObjectNode());
            case "subjects":
                if (n == 1 && method.equals("GET")) {
                    return ok(store.subjects());
                }
                if (n == 2 && method.equals("POST")) {
                    return lookup(path.get(1), body(exchange));
                }
                if (n == 3 && path.get(2).equals("versions")) {
                    if (method.equals("GET")) {
                        return ok(existingVersions(path.get(1)));
                    }
                    if (method.equals("POST")) {
                        return register(path.get(1), body(exchange));
                    }
                }
                if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
                    return ok(versionJson(version(path.get(1), path.get(3))));
                }
                if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("schema") && method.equals("GET")) {
                    return rawSchema(version(path.get(1), path.get(3)).schema());
                }
                break;
            case "schemas":
                if (n == 2 && path.get(1).equals("types") && method.equals("GET")) {
                    return ok(List.of("AVRO"));
                }
                if (n >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
                    int id = parseInt(path.get(2), SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + path.get(2) + " not found");
                    String schema = store.schemaById(id).orElseThrow(() -> SchemaRegistryException.of(
                            SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
                    if (n == 3) {
                        return ok(Map.of("schema", schema));
                    }
                    if (n == 4 && path.get(3).equals("schema")) {
                        return rawSchema(schema);
                    }
                    if (n == 4 && path.get(3).equals("subjects")) {
                        return ok(store.subjectsOf(id));
                    }
                }
                break;
            case "compatibility":
                if (n == 5 && path.get(1).equals("subjects") && path.get(3).equals("versions") && method.equals("POST")) {
                    return compatibility(path.get(2), path.get(4), body(exchange), query.contains("verbose=true"));
                }
                if (n == 4 && path.get(1).equals("subjects") && path.get(3).equals("versions") && method.equals("POST")) {
                    return compatibility(path.get(2), "latest", body(exchange), query.contains("verbose=true"));
                }
                break;
            case "config":
                if (n <= 2) {
                    return config(method, n == 2 ? path.get(1) : null, exchange, query.contains("defaultToGlobal=true"));
                }
                break;
            case "mode":
                if (method.equals("GET")) {
                    return ok(Map.of("mode", "READWRITE"));
                }
                break;
            default:
                break;
        }
        return error(404, 404, "HTTP 404 Not Found: " + method + " " + exchange.getRequestURI().getPath());
    }

    private Response register(String subject, JsonNode body) {
        RegisteredSchema registered = store.register(subject, schemaText(body));
        return ok(Map.of("id", registered.id()));
    }

    private Response lookup(String subject, JsonNode body) {
        String schema = schemaText(body);
        requireSubject(subject);
        RegisteredSchema found = store.lookup(subject, schema).orElseThrow(() -> SchemaRegistryException.of(
                SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found"));
        return ok(versionJson(found));
    }

    private Response compatibility(String subject, String version, JsonNode body, boolean verbose) {
        String schema = schemaText(body);
        List<String> problems;
        if (version.equals("latest") || version.equals("-1")) {
            problems = store.checkCompatibility(subject, schema);
        } else {
            int number = parseInt(version, SchemaRegistryException.INVALID_VERSION,
                    "The specified version '" + version + "' is not a valid version id");
            problems = store.checkCompatibility(subject, schema, number);
        }
        ObjectNode result = MAPPER.createObjectNode().put("is_compatible", problems.isEmpty());
        if (verbose) {
            result.set("messages", MAPPER.valueToTree(problems));
        }
        return ok(result);
    }

    private Response config(String method, String subject, HttpExchange exchange, boolean defaultToGlobal) throws IOException {
        switch (method) {
            case "GET": {
                CompatibilityLevel level;
                if (subject == null) {
                    level = store.globalLevel();
                } else if (defaultToGlobal) {
                    level = store.effectiveLevel(subject);
                } else {
                    level = store.subjectLevel(subject).orElseThrow(() -> SchemaRegistryException.of(
                            SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                            "Subject '" + subject + "' does not have subject-level compatibility configured"));
                }
                return ok(Map.of("compatibilityLevel", level.name()));
            }
            case "PUT": {
                JsonNode body = body(exchange);
                JsonNode value = body.get("compatibility");
                if (value == null) {
                    value = body.get("compatibilityLevel");
                }
                CompatibilityLevel level;
                try {
                    level = CompatibilityLevel.parse(value == null ? null : value.asText());
                } catch (IllegalArgumentException e) {
                    throw SchemaRegistryException.of(SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, e.getMessage());
                }
                if (subject == null) {
                    store.setGlobalLevel(level);
                } else {
                    store.setSubjectLevel(subject, level);
                }
                return ok(Map.of("compatibility", level.name()));
            }
            case "DELETE": {
                if (subject == null) {
                    break;
                }
                CompatibilityLevel previous = store.effectiveLevel(subject);
                store.setSubjectLevel(subject, null);
                return ok(Map.of("compatibilityLevel", previous.name()));
            }
            default:
                break;
        }
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private List<Integer> existingVersions(String subject) {
        List<Integer> versions = store.versions(subject);
        if (versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return versions;
    }

    private RegisteredSchema version(String subject, String version) {
        requireSubject(subject);
        if (version.equals("latest") || version.equals("-1")) {
            return store.latest(subject).orElseThrow(() -> subjectNotFound(subject));
        }
        int number = parseInt(version, SchemaRegistryException.INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        if (number < 1) {
            throw SchemaRegistryException.of(SchemaRegistryException.INVALID_VERSION,
                    "The specified version '" + version + "' is not a valid version id");
        }
        return store.version(subject, number).orElseThrow(() -> SchemaRegistryException.of(
                SchemaRegistryException.VERSION_NOT_FOUND, "Version " + number + " not found."));
    }

    private void requireSubject(String subject) {
        if (!store.hasSubject(subject)) {
            throw subjectNotFound(subject);
        }
    }

    private static SchemaRegistryException subjectNotFound(String subject) {
        return SchemaRegistryException.of(SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    private static String schemaText(JsonNode body) {
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
            throw SchemaRegistryException.of(SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: schemaType " + type.asText() + " is not supported, only AVRO");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw SchemaRegistryException.of(SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: schema references are not supported");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw SchemaRegistryException.of(SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: the request body must be {\"schema\": \"<schema JSON as a string>\"}");
        }
        return schema.asText();
    }

    private static int parseInt(String text, int errorCode, String message) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SchemaRegistryException.of(errorCode, message);
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw SchemaRegistryException.of(SchemaRegistryException.UNPROCESSABLE_ENTITY,
                        "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            JsonNode node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw SchemaRegistryException.of(SchemaRegistryException.UNPROCESSABLE_ENTITY,
                        "The request body must be a JSON object");
            }
            return node;
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> result = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                result.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
        }
        return result;
    }

    private static ObjectNode versionJson(RegisteredSchema schema) {
        return MAPPER.createObjectNode()
                .put("subject", schema.subject())
                .put("version", schema.version())
                .put("id", schema.id())
                .put("schema", schema.schema());
    }

    private static Response ok(Object body) {
        try {
            return new Response(200, CONTENT_TYPE, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render response", e);
        }
    }

    private static Response rawSchema(String schema) {
        return new Response(200, CONTENT_TYPE, schema.getBytes(StandardCharsets.UTF_8));
    }

    static Response error(int status, int errorCode, String message) {
        ObjectNode body = MAPPER.createObjectNode().put("error_code", errorCode).put("message", message);
        try {
            return new Response(status, CONTENT_TYPE, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    record Response(int status, String contentType, byte[] body) {}
}
