package dev.carbonledger.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.schemas.registry.CompatibilityLevel;
import dev.carbonledger.schemas.registry.RegisteredSchema;
import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaLog;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against the embedded registry over real HTTP on 127.0.0.1. */
class EmbeddedSchemaRegistryTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Schema V1 = record("{\"name\": \"a\", \"type\": \"string\"}");
    private static final Schema V2_OPTIONAL_B =
            record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");
    private static final Schema V2_REQUIRED_B =
            record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\"}");

    private final SchemaLog log = SchemaLog.inMemory();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedSchemaRegistry registry;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void start() {
        registry = new EmbeddedSchemaRegistry(EmbeddedRegistryConfig.ephemeral(), log).start();
        client = new RestSchemaRegistryClient(RestRegistryConfig.builder(registry.url())
                .retries(0, Duration.ofMillis(10), Duration.ofMillis(10)).build());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldBindEphemeralPortOnLoopback() {
        assertThat(registry.port()).isPositive();
        assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port());
    }

    @Test
    void shouldRegisterIdempotentlyAndLookUpById() {
        int id = client.register("s-value", V1);

        assertThat(client.register("s-value", V1)).isEqualTo(id);
        assertThat(RestSchemaRegistryClient.of(registry.url()).register("s-value", V1)).isEqualTo(id);
        assertThat(RestSchemaRegistryClient.of(registry.url()).getById(id)).isEqualTo(V1);
        assertThat(client.lookupId("s-value", V1)).isEqualTo(id);
        assertThat(client.subjects()).containsExactly("s-value");
        assertThat(client.versions("s-value")).containsExactly(1);
        assertThat(client.latest("s-value")).extracting(RegisteredSchema::version, RegisteredSchema::id)
                .containsExactly(1, id);
    }

    @Test
    void shouldShareIdsBetweenLocalClientAndHttpClients() {
        int id = registry.localClient().register("s-value", V1);

        assertThat(client.getById(id)).isEqualTo(V1);
        assertThat(client.register("s-value", V1)).isEqualTo(id);
        assertThat(registry.localClient().lookupId("s-value", V1)).isEqualTo(id);
    }

    @Test
    void shouldReuseIdAcrossSubjectsAsConfluentDoes() {
        int id = client.register("a-value", V1);

        assertThat(client.register("b-value", V1)).isEqualTo(id);
        assertThat(client.register("b-value", V2_OPTIONAL_B)).isEqualTo(id + 1);
    }

    @Test
    void shouldAnswerCompatibilityAndRejectIncompatibleRegistrationWith409() {
        client.register("s-value", V1);

        assertThat(client.isCompatible("s-value", V2_OPTIONAL_B)).isTrue();
        assertThat(client.isCompatible("s-value", V2_REQUIRED_B)).isFalse();
        assertThat(client.isCompatible("unknown-value", V2_REQUIRED_B)).isTrue();
        assertThatThrownBy(() -> client.register("s-value", V2_REQUIRED_B))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("incompatible");
    }

    @Test
    void shouldExplainIncompatibilityWhenVerbose() throws Exception {
        client.register("s-value", V1);
        String body = MAPPER.createObjectNode().put("schema", V2_REQUIRED_B.toString()).toString();

        JsonNode verbose = MAPPER.readTree(send("POST", "/compatibility/subjects/s-value/versions/latest?verbose=true", body).body());
        JsonNode versionOne = MAPPER.readTree(send("POST", "/compatibility/subjects/s-value/versions/1", body).body());

        assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.get("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("b");
        assertThat(versionOne.get("is_compatible").asBoolean()).isFalse();
        assertThat(versionOne.has("messages")).isFalse();
    }

    @Test
    void shouldMapConfluentErrorCodesWhenThingsAreMissing() {
        assertThatThrownBy(() -> client.getById(99)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        });
        assertThatThrownBy(() -> client.versions("nope-value")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        client.register("s-value", V1);
        assertThatThrownBy(() -> client.lookupId("s-value", V2_OPTIONAL_B)).isInstanceOfSatisfying(
                SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void shouldServeConfluentShapesAndContentType() throws Exception {
        int id = client.register("s-value", V1);

        HttpResponse<String> version = get("/subjects/s-value/versions/latest");
        JsonNode body = MAPPER.readTree(version.body());
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.headers().firstValue("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
        assertThat(body.get("subject").asText()).isEqualTo("s-value");
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("id").asInt()).isEqualTo(id);
        assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(V1);

        assertThat(MAPPER.readTree(get("/schemas/ids/" + id).body()).get("schema").asText()).isEqualTo(V1.toString());
        assertThat(get("/schemas/ids/" + id + "/schema").body()).isEqualTo(V1.toString());
        assertThat(MAPPER.readTree(get("/subjects/s-value/versions/1").body()).get("id").asInt()).isEqualTo(id);

        HttpResponse<String> missing = get("/subjects/nope/versions/1");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(missing.body()).get("error_code").asInt()).isEqualTo(40401);
        HttpResponse<String> noVersion = get("/subjects/s-value/versions/7");
        assertThat(MAPPER.readTree(noVersion.body()).get("error_code").asInt()).isEqualTo(40402);
        HttpResponse<String> badVersion = get("/subjects/s-value/versions/x");
        assertThat(badVersion.statusCode()).isEqualTo(422);
        assertThat(MAPPER.readTree(badVersion.body()).get("error_code").asInt()).isEqualTo(42202);
    }

    @Test
    void shouldRejectInvalidSchemaWith42201() throws Exception {
        HttpResponse<String> response = send("POST", "/subjects/s-value/versions", "{\"schema\": \"{not avro\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(MAPPER.readTree(response.body()).get("error_code").asInt()).isEqualTo(42201);
        HttpResponse<String> protobuf = send("POST", "/subjects/s-value/versions",
                "{\"schema\": \"syntax = \\\"proto3\\\";\", \"schemaType\": \"PROTOBUF\"}");
        assertThat(MAPPER.readTree(protobuf.body()).get("message").asText()).contains("PROTOBUF");
    }

    @Test
    void shouldGetAndSetCompatibilityLevels() throws Exception {
        assertThat(client.compatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

        client.setCompatibility(null, CompatibilityLevel.FULL);
        client.setCompatibility("s-value", CompatibilityLevel.NONE);

        assertThat(client.compatibility()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(MAPPER.readTree(get("/config/s-value").body()).get("compatibilityLevel").asText()).isEqualTo("NONE");
        HttpResponse<String> unset = get("/config/other-value");
        assertThat(MAPPER.readTree(unset.body()).get("error_code").asInt()).isEqualTo(40408);
        assertThat(MAPPER.readTree(get("/config/other-value?defaultToGlobal=true").body())
                .get("compatibilityLevel").asText()).isEqualTo("FULL");
        HttpResponse<String> invalid = send("PUT", "/config", "{\"compatibility\": \"SIDEWAYS\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(MAPPER.readTree(invalid.body()).get("error_code").asInt()).isEqualTo(42203);
        client.register("s-value", V1);
        assertThat(client.register("s-value", V2_REQUIRED_B)).isPositive();
    }

    @Test
    void shouldKeepIdsWhenRestartedOnTheSameLog() {
        int id = client.register("s-value", V1);
        registry.close();

        registry = new EmbeddedSchemaRegistry(EmbeddedRegistryConfig.ephemeral(), log).start();
        RestSchemaRegistryClient fresh = RestSchemaRegistryClient.of(registry.url());

        assertThat(fresh.getById(id)).isEqualTo(V1);
        assertThat(fresh.register("s-value", V1)).isEqualTo(id);
        assertThat(fresh.register("t-value", V2_REQUIRED_B)).isEqualTo(id + 1);
    }

    @Test
    void shouldCarryAvroRecordsThroughTheSerdeOverHttp() {
        ConfluentAvroSerde<EnergySample> serde = ConfluentAvroSerde.forValues(client, EnergySample.class);
        EnergySample sample = EnergySample.newBuilder().setPodUid("pod").setComponent("package").setNode("n")
                .setTimestamp(Instant.parse("2024-01-01T00:00:00Z")).setEnergyJoules(42.0).build();

        byte[] bytes = serde.serializer().serialize("carbon.energy.samples", sample);
        EnergySample read = ConfluentAvroSerde.forValues(RestSchemaRegistryClient.of(registry.url()), EnergySample.class)
                .deserializer().deserialize("carbon.energy.samples", bytes);

        assertThat(read).isEqualTo(sample);
        assertThat(client.subjects()).containsExactly("carbon.energy.samples-value");
    }

    @Test
    void shouldRequireBasicAuthWhenEnabled() {
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.inMemory(
                EmbeddedRegistryConfig.ephemeral().withBasicAuth("ledger", "s3cret")).start()) {
            RestSchemaRegistryClient anonymous = new RestSchemaRegistryClient(RestRegistryConfig.builder(secured.url())
                    .retries(0, Duration.ofMillis(10), Duration.ofMillis(10)).build());
            RestSchemaRegistryClient wrong = new RestSchemaRegistryClient(RestRegistryConfig.builder(secured.url())
                    .basicAuth("ledger", "guess").retries(0, Duration.ofMillis(10), Duration.ofMillis(10)).build());
            RestSchemaRegistryClient authorised = new RestSchemaRegistryClient(
                    RestRegistryConfig.builder(secured.url()).basicAuth("ledger", "s3cret").build());
            String userInfoUrl = secured.url().replace("http://", "http://ledger:s3cret@");

            assertThatThrownBy(anonymous::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
            assertThatThrownBy(wrong::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
            assertThat(authorised.register("s-value", V1)).isEqualTo(1);
            assertThat(RestSchemaRegistryClient.of(userInfoUrl).subjects()).containsExactly("s-value");
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(registry.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(registry.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"R\", \"namespace\": \"test\", \"fields\": [" + fields + "]}");
    }
}
