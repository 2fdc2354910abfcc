package dev.carbonledger.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.schemas.registry.RegisteredSchema;
import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.testsupport.TestCertificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded registry served over HTTPS with basic auth on 127.0.0.1, with a certificate made for the test, and
 * the REST client the pipeline uses in front of it: trusted and authorised it works; every other way in fails with
 * an error that says why.
 */
class EmbeddedSchemaRegistryTlsTest {
    private static final String USER = "ledger";
    private static final String PASSWORD = "registry-basic-auth-pw";
    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\": \"record\", \"name\": \"R\", \"namespace\": \"test\", \"fields\": [{\"name\": \"a\", \"type\": \"string\"}]}");

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private EmbeddedSchemaRegistry registry;

    /** One certificate for the class: keytool is a JVM start each time. */
    @BeforeAll
    static void createCertificates() {
        certificates = TestCertificates.generate(dir.resolve("certs"), List.of("registry"));
    }

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()
                .withBasicAuth(USER, PASSWORD).withTls(keystore(certificates.password()))).start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldRegisterAndFetchOverHttpsWhenTheClientTrustsTheCertificateAndSendsTheCredentials() {
        RestSchemaRegistryClient client = client(RestRegistryConfig.builder(registry.url())
                .truststore(certificates.trustStore(), certificates.password()).basicAuth(USER, PASSWORD));

        int id = client.register("s-value", SCHEMA);
        RestSchemaRegistryClient fresh = client(RestRegistryConfig.builder(registry.url())
                .truststore(certificates.trustStore(), certificates.password()).basicAuth(USER, PASSWORD));

        assertThat(registry.url()).isEqualTo("https://127.0.0.1:" + registry.port());
        assertThat(fresh.getById(id)).isEqualTo(SCHEMA);
        assertThat(fresh.latest("s-value")).extracting(RegisteredSchema::version, RegisteredSchema::id).containsExactly(1, id);
        assertThat(fresh.subjects()).containsExactly("s-value");
    }

    @Test
    void shouldAnswer401WhenTheCredentialsAreWrong() {
        RestSchemaRegistryClient wrong = client(RestRegistryConfig.builder(registry.url())
                .truststore(certificates.trustStore(), certificates.password()).basicAuth(USER, "guess"));
        RestSchemaRegistryClient anonymous = client(RestRegistryConfig.builder(registry.url())
                .truststore(certificates.trustStore(), certificates.password()));

        assertThatThrownBy(() -> wrong.register("s-value", SCHEMA)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("HTTP 401").hasMessageContaining("credentials").hasMessageNotContaining("guess");
        assertThatThrownBy(anonymous::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThat(registry.localClient().subjects()).as("nothing registered").isEmpty();
    }

    @Test
    void shouldFailTheHandshakeWhenTheClientDoesNotTrustTheCertificate() {
        RestSchemaRegistryClient untrusting = client(RestRegistryConfig.builder(registry.url()).basicAuth(USER, PASSWORD));

        assertThatThrownBy(untrusting::subjects).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(-1);
            assertThat(e.unavailable()).as("a configuration error, not an outage to wait out").isFalse();
        })
                .hasMessageContaining(registry.url())
                .hasMessageContaining("TLS")
                .hasMessageContaining("truststore");
    }

    @Test
    void shouldFailClearlyWhenPlainHttpIsSentToTheTlsPort() {
        String plain = registry.url().replace("https://", "http://");
        RestSchemaRegistryClient client = client(RestRegistryConfig.builder(plain).basicAuth(USER, PASSWORD));

        assertThatThrownBy(client::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.status()).isEqualTo(-1))
                .hasMessageContaining(plain)
                .hasMessageContaining("https");
    }

    @Test
    void shouldRefuseToStartNamingTheKeystoreWhenItsPasswordIsWrong() {
        EmbeddedSchemaRegistry wrong = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()
                .withTls(keystore("not-" + certificates.password())));

        assertThatThrownBy(wrong::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot load TLS keystore " + certificates.keyStore("registry") + " (type PKCS12): the password is wrong")
                .hasMessageNotContaining(certificates.password());
        assertThatThrownBy(wrong::port).as("nothing bound").isInstanceOf(IllegalStateException.class);
        wrong.close();
    }

    @Test
    void shouldRefuseToStartNamingTheKeystoreWhenItIsMissing() {
        Path missing = dir.resolve("missing.p12");
        EmbeddedSchemaRegistry absent = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()
                .withTls(new TlsKeystore(missing, certificates.password(), "PKCS12")));

        assertThatThrownBy(absent::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot load TLS keystore " + missing + " (type PKCS12): the file does not exist");
        absent.close();
    }

    @Test
    void shouldNotAnswerARawPlainTextRequestOnTheTlsPort() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", registry.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /subjects HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(64);

            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).as("answer to plain text").doesNotContain("HTTP/1.1");
        }
    }

    private static TlsKeystore keystore(String password) {
        return new TlsKeystore(certificates.keyStore("registry"), password, TestCertificates.STORE_TYPE);
    }

    private static RestSchemaRegistryClient client(RestRegistryConfig.Builder builder) {
        return new RestSchemaRegistryClient(builder.retries(0, Duration.ofMillis(10), Duration.ofMillis(10)).build());
    }
}
